package io.invsync.cartpush.cart;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.cartpush.plan.ResyncRequests;
import io.invsync.cartpush.reconcile.CartReads;
import io.invsync.cartpush.reconcile.Reconciliation;
import io.invsync.cartpush.reconcile.Reconciliations;
import io.invsync.cartpush.streams.CartViews;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.Keys;
import io.invsync.events.Topics;
import io.invsync.support.EventPublisher;
import io.invsync.support.NotFoundException;
import io.invsync.support.OutboundPolicy;
import io.invsync.support.Secrets;
import io.invsync.support.streams.StateStores;

/**
 * Cart settings, and the work on a cart's API. Any instance answers any request: settings are a global table;
 * a resync is passed to the instance that plans the cart's merchant, a reconciliation (or catalog refresh) to the
 * one that makes the cart's calls (Kafka Streams' key metadata says which; the caller's key goes along).
 */
@RestController
@Validated
@RequestMapping("/api/carts/{cartId}")
class CartController {

    private final CartViews views;
    private final EventPublisher publisher;
    private final Reconciliations reconciliations;
    private final CartReads reads;
    private final ResyncRequests resyncs;
    private final Clock clock;
    private final OutboundPolicy outbound;
    private final Secrets secrets;

    CartController(CartViews views, EventPublisher publisher, Reconciliations reconciliations, CartReads reads,
            ResyncRequests resyncs, Clock clock, OutboundPolicy outbound, Secrets secrets) {
        this.views = views;
        this.publisher = publisher;
        this.reconciliations = reconciliations;
        this.reads = reads;
        this.resyncs = resyncs;
        this.clock = clock;
        this.outbound = outbound;
        this.secrets = secrets;
    }

    /**
     * Saves the settings; the cart's every product is planned again (turning upload off stops pushes). Answered
     * once this instance reads the settings back, so a GET here right after sees them.
     */
    @PutMapping
    CartSettingsChanged put(@PathVariable String cartId, @Valid @RequestBody CartSettingsRequest request) {
        Keys.requireId("cartId", cartId);
        // judged now, without connecting or looking the host up; judged again before each call to the cart
        outbound.checkSetting("baseUrl", request.baseUrl());
        secrets.requireGranted("credentialsRef", request.merchantId(), request.credentialsRef());
        var cart = request.toSettings(cartId, Instant.now(clock));
        var sends = publisher.sends();
        sends.publish(Topics.CARTS, Keys.cart(cartId), cart);
        sends.awaitAcknowledged();
        views.awaitVisible(cart);
        return cart;
    }

    @GetMapping
    CartSettingsChanged get(@PathVariable String cartId) {
        return cart(cartId);
    }

    /** Plans every product of the cart again: what differs from the cart, or failed before, is pushed. */
    @PostMapping("/resync")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<?, ?> resync(@PathVariable String cartId, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        CartSettingsChanged cart = cart(cartId);
        HostInfo planner = localOnly ? null : views.planner(cart);
        if (planner != null) {
            return views.stores().forward(planner, HttpMethod.POST, StateStores.pathAndQuery(request), Map.class);
        }
        resyncs.request(cartId);
        return Map.of("cartId", cartId, "status", "planning");
    }

    /**
     * Reads the cart's live products (exists, tracking, quantity) for every value it is pushed under and pushes
     * every difference from the expected quantity: answers the run (a running one rather than a second).
     */
    @PostMapping("/reconcile")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Reconciliation reconcile(@PathVariable String cartId, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        return startReconciliation(cartId, "request", request, localOnly);
    }

    /** The last reconciliation, or the running one with its progress. */
    @GetMapping("/reconcile")
    Reconciliation lastReconciliation(@PathVariable String cartId, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        cart(cartId);
        HostInfo pusher = localOnly ? null : views.pusher(cartId);
        if (pusher != null) {
            return views.stores().forward(pusher, HttpMethod.GET, StateStores.pathAndQuery(request), Reconciliation.class);
        }
        return reconciliations.last(cartId).orElseThrow(() -> new NotFoundException("cartId",
                "cart '" + cartId + "' has not been reconciled yet"));
    }

    /** A catalog read is a reconciliation: the same run (what the cart holds is read, differences pushed). */
    @PostMapping("/catalog-refresh")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Reconciliation catalogRefresh(@PathVariable String cartId, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        return startReconciliation(cartId, "catalog-refresh", request, localOnly);
    }

    /** The last catalog read: the last reconciliation. */
    @GetMapping("/catalog-refresh")
    Reconciliation lastCatalogRefresh(@PathVariable String cartId, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        return lastReconciliation(cartId, request, localOnly);
    }

    private Reconciliation startReconciliation(String cartId, String trigger, HttpServletRequest request,
            boolean localOnly) {
        cart(cartId);
        HostInfo pusher = localOnly ? null : views.pusher(cartId);
        if (pusher != null) {
            return views.stores().forward(pusher, HttpMethod.POST, StateStores.pathAndQuery(request), Reconciliation.class);
        }
        return reconciliations.start(cartId, trigger);
    }

    /**
     * The values the cart is pushed under (each product's value for the cart's push alias), a page at a time in
     * product order: {@code next} is the {@code after} of the next page, null after the last.
     */
    @GetMapping("/push-values")
    CartReads.PushValues pushValues(@PathVariable String cartId, @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        CartSettingsChanged cart = cart(cartId);
        HostInfo planner = localOnly ? null : views.planner(cart);
        if (planner != null) {
            return views.stores().forward(planner, HttpMethod.GET, StateStores.pathAndQuery(request),
                    CartReads.PushValues.class);
        }
        return reads.localValues(cart, after, limit);
    }

    private CartSettingsChanged cart(String cartId) {
        return views.cart(cartId)
                .orElseThrow(() -> new NotFoundException("cartId", "cart '" + cartId + "' is not known"));
    }

}
