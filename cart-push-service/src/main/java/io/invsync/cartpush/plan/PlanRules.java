package io.invsync.cartpush.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.invsync.events.CartLocation;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.PushOutcome;
import io.invsync.rules.QuantityRules;

/** Decides what to do for one (cart, location, product) from what is known of them. A pure function. */
public final class PlanRules {

    private PlanRules() {
    }

    /**
     * @param place the cart's location planned for: its warehouses feed the quantity
     * @param productsWithAlias the products the alias index lists for the product's push-alias value
     * @param orders the order lines of the product's SKU that cart-push-service holds
     * @param now the time of planning: an order line holds stock back for at most {@code holdLimit}
     * @param cartProduct what the cart said of the alias value at the location at its last catalog read, if read
     * @param last the last outcome recorded for the alias value at the location
     * @return the plan, or empty when there is nothing to say (no level in the location's warehouses)
     */
    public static Optional<Plan> plan(CartSettingsChanged cart, CartLocation place, InventoryLevelChanged level,
            List<String> productsWithAlias, List<CartOrderLineReceived> orders, Instant now, Duration holdLimit,
            Optional<CartProductObserved> cartProduct, Optional<CartPushRecorded> last) {
        String aliasValue = level.aliases().get(cart.pushAlias());
        Long quantity = QuantityRules.compute(cart, place, level, level.sku(), aliasValue, orders, now, holdLimit)
                .expected();
        Skips skip = new Skips(cart, place, level, quantity);

        if (aliasValue == null) {
            return Optional.of(skip.as(level.sku(), PushOutcome.IGNORED_NO_ALIAS,
                    "the product has no " + cart.pushAlias() + " alias, the cart's push alias"));
        }
        if (!cart.inventoryUploadEnabled()) {
            return Optional.of(skip.as(aliasValue, PushOutcome.SKIPPED_UPLOAD_DISABLED,
                    "inventory upload is off for cart " + cart.cartId()));
        }
        if (productsWithAlias.size() > 1) {
            return Optional.of(skip.as(aliasValue, PushOutcome.BLOCKED_DUPLICATE_ALIAS,
                    cart.pushAlias() + " '" + aliasValue + "' is held by products "
                            + String.join(", ", productsWithAlias)));
        }
        if (cartProduct.isPresent() && !cartProduct.get().exists()) {
            return Optional.of(skip.as(aliasValue, PushOutcome.NOT_IN_CART,
                    "the cart has no product with " + cart.pushAlias() + " '" + aliasValue + "'"));
        }
        if (cartProduct.isPresent() && !cartProduct.get().inventoryTracked()) {
            return Optional.of(skip.as(aliasValue, PushOutcome.TRACKING_DISABLED,
                    "inventory tracking is disabled for it in the cart"));
        }
        if (quantity == null) {
            return Optional.empty();
        }
        if (cartHas(quantity, cartProduct, last)) {
            return Optional.of(skip.as(aliasValue, PushOutcome.UNCHANGED, null));
        }
        return Optional.of(Plan.push(cart.cartId(), cart.merchantId(), place.location(), level.productId(),
                aliasValue, quantity));
    }

    /** A plan that records an outcome without a call, for the (cart, location, product) being planned. */
    private record Skips(CartSettingsChanged cart, CartLocation place, InventoryLevelChanged level, Long quantity) {

        Plan as(String value, PushOutcome outcome, String reason) {
            return Plan.skip(cart.cartId(), cart.merchantId(), place.location(), level.productId(), value, quantity,
                    outcome, reason);
        }
    }

    /** Whether the cart is known to hold the quantity already: its last confirmed push, or its own newer read. */
    public static boolean cartHas(long quantity, Optional<CartProductObserved> cartProduct, Optional<CartPushRecorded> last) {
        Long held = cartQuantity(cartProduct, last);
        return held != null && held == quantity;
    }

    /** What the cart is known to hold: its own read when newer than the last confirmed push, else that push. */
    public static Long cartQuantity(Optional<CartProductObserved> cartProduct, Optional<CartPushRecorded> last) {
        Optional<CartPushRecorded> confirmed = last.filter(r -> r.outcome().cartHasQuantity() && r.quantity() != null);
        if (cartProduct.isPresent() && cartProduct.get().cartQuantity() != null
                && (confirmed.isEmpty() || cartProduct.get().observedAt().isAfter(confirmed.get().attemptedAt()))) {
            return cartProduct.get().cartQuantity();
        }
        return confirmed.map(CartPushRecorded::quantity).orElse(null);
    }
}
