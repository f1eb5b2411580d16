package io.invsync.cartpush.cart;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.apache.kafka.streams.state.HostInfo;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.invsync.cartpush.plan.Preview;
import io.invsync.cartpush.streams.CartViews;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InvalidFieldException;
import io.invsync.support.NotFoundException;
import io.invsync.support.streams.StateStores;

/**
 * {@code POST /api/carts/{cartId}/preview}: what the cart would receive under other settings, without pushing or
 * saving. The body holds the settings to try, whole or only the fields to change (a field given replaces that
 * field whole); they are checked as a save would check them. Answered by the instance that plans the cart's
 * merchant; one preview at a time per instance, each bounded to {@code invsync.preview.max-products} products.
 */
@RestController
@Validated
class PreviewController {

    private final CartViews views;
    private final JsonMapper json;
    private final Validator validator;
    private final Clock clock;
    private final Duration holdLimit;
    private final int maxProducts;
    private final Semaphore running = new Semaphore(1);

    PreviewController(CartViews views, JsonMapper json, Validator validator, Clock clock,
            @Value("${invsync.push.order-hold-limit}") Duration holdLimit,
            @Value("${invsync.preview.max-products}") int maxProducts) {
        this.views = views;
        this.json = json;
        this.validator = validator;
        this.clock = clock;
        this.holdLimit = holdLimit;
        this.maxProducts = maxProducts;
    }

    @PostMapping("/api/carts/{cartId}/preview")
    Preview.Result preview(@PathVariable String cartId, @RequestBody ObjectNode changes,
            @RequestParam(required = false) @Size(max = 128) String after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit, HttpServletRequest request,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly) {
        CartSettingsChanged saved = views.cart(cartId)
                .orElseThrow(() -> new NotFoundException("cartId", "cart '" + cartId + "' is not known"));
        CartSettingsChanged tried = tried(saved, changes);
        HostInfo planner = localOnly ? null : views.planner(saved);
        if (planner != null) {
            return views.stores().forward(planner, HttpMethod.POST, StateStores.pathAndQuery(request), changes,
                    Preview.Result.class);
        }
        if (!running.tryAcquire()) {
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "another preview is running on this "
                    + "instance; try again in a few seconds");
        }
        try {
            return Preview.run(views.stores(), tried, clock.instant(), holdLimit, after, limit, maxProducts);
        } finally {
            running.release();
        }
    }

    /**
     * The saved settings with the body's fields in place of theirs. The shorthand (location, syncWarehouse) given
     * alone changes the one location's id or warehouses; {@code locations} given replaces them all.
     */
    private CartSettingsChanged tried(CartSettingsChanged saved, ObjectNode changes) {
        if (changes.has("merchantId") && !saved.merchantId().equals(changes.get("merchantId").asString(""))) {
            throw new InvalidFieldException("merchantId", "cannot change in a preview: it judges the products of the "
                    + "cart's own merchant");
        }
        ObjectNode merged = json.valueToTree(saved);
        merged.remove("location");
        merged.remove("syncWarehouse");
        ObjectNode given = changes.deepCopy();
        if (!given.has("locations") && (given.has("location") || given.has("syncWarehouse"))) {
            JsonNode current = merged.get("locations").get(0);
            ObjectNode place = json.createObjectNode();
            place.set("location", given.has("location") ? given.get("location") : current.get("location"));
            place.set("warehouses", given.has("syncWarehouse") ? given.get("syncWarehouse") : current.get("warehouses"));
            merged.set("locations", json.createArrayNode().add(place));
            given.remove("location");
            given.remove("syncWarehouse");
        }
        merged.setAll(given);
        CartSettingsRequest request = json.treeToValue(merged, CartSettingsRequest.class);
        Set<ConstraintViolation<CartSettingsRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request.toSettings(saved.cartId(), saved.observedAt());
    }
}
