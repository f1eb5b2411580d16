package io.invsync.cartpush.cart;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.cartpush.catalog.CatalogRefresher;
import io.invsync.cartpush.ownership.CartOwnership;
import io.invsync.cartpush.plan.PushPlanner;
import io.invsync.cartpush.state.PushState;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.Keys;
import io.invsync.events.Topics;
import io.invsync.support.EventPublisher;
import io.invsync.support.NotFoundException;
import io.invsync.support.OutboundPolicy;
import io.invsync.support.Secrets;

/**
 * Cart settings. PUT and GET work on any instance (every instance reads the carts table); resync and catalog
 * refresh act on the cart's API and its plans, so only the instance that owns the cart does them: another
 * instance answers 421 naming the owner's index ({@link io.invsync.cartpush.ownership.NotOwnerAdvice}).
 */
@RestController
@RequestMapping("/api/carts/{cartId}")
class CartController {

    private final PushState state;
    private final PushPlanner planner;
    private final EventPublisher publisher;
    private final CatalogRefresher catalog;
    private final Clock clock;
    private final CartOwnership ownership;
    private final OutboundPolicy outbound;
    private final Secrets secrets;

    CartController(PushState state, PushPlanner planner, EventPublisher publisher, CatalogRefresher catalog,
            Clock clock, CartOwnership ownership, OutboundPolicy outbound, Secrets secrets) {
        this.outbound = outbound;
        this.secrets = secrets;
        this.catalog = catalog;
        this.ownership = ownership;
        this.state = state;
        this.planner = planner;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Saves the settings and re-plans every product of the cart; turning upload off stops pushes. The owner plans
     * at once; on another instance the settings are published (and visible to GET here), and the owner plans
     * them when it reads them from the carts topic.
     */
    @PutMapping
    CartSettingsChanged put(@PathVariable String cartId, @Valid @RequestBody CartSettingsRequest request) {
        Keys.requireId("cartId", cartId);
        // judged now, without connecting or looking the host up; judged again before each call to the cart
        outbound.checkSetting("baseUrl", request.baseUrl());
        secrets.requireGranted("credentialsRef", request.merchantId(), request.credentialsRef());
        var cart = new CartSettingsChanged(cartId, request.merchantId(), request.type(), request.baseUrl(),
                request.location(), request.credentialsRef(),
                request.inventoryUploadEnabled() == null || request.inventoryUploadEnabled(), request.syncWarehouse(),
                request.pushAlias(), request.minimumInventoryLevel() == null ? 0 : request.minimumInventoryLevel(),
                Instant.now(clock));
        var sends = publisher.sends();
        sends.publish(Topics.CARTS, Keys.cart(cartId), cart);
        sends.awaitAcknowledged();
        state.putCart(cart);
        planner.replanCart(cartId);
        return cart;
    }

    @GetMapping
    CartSettingsChanged get(@PathVariable String cartId) {
        return cart(cartId);
    }

    /** Plans every product of the cart again: what differs from the cart, or failed before, is pushed. */
    @PostMapping("/resync")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> resync(@PathVariable String cartId) {
        cart(cartId);
        ownership.requireOwner(cartId);
        planner.replanCart(cartId);
        return Map.of("cartId", cartId, "status", "planning");
    }

    /** Reads the cart's products (exists, tracking, quantity) for every value it would be pushed under. */
    @PostMapping("/catalog-refresh")
    @ResponseStatus(HttpStatus.ACCEPTED)
    CatalogRefresher.Refresh catalogRefresh(@PathVariable String cartId) {
        CartSettingsChanged cart = cart(cartId);
        ownership.requireOwner(cartId);
        return catalog.start(cart);
    }

    @GetMapping("/catalog-refresh")
    CatalogRefresher.Refresh lastCatalogRefresh(@PathVariable String cartId) {
        cart(cartId);
        ownership.requireOwner(cartId); // the last refresh is held by the instance that ran it
        return catalog.last(cartId).orElseThrow(() -> new NotFoundException("cartId",
                "cart '" + cartId + "' has had no catalog refresh yet"));
    }

    private CartSettingsChanged cart(String cartId) {
        return state.cart(cartId)
                .orElseThrow(() -> new NotFoundException("cartId", "cart '" + cartId + "' is not known"));
    }
}
