package io.invsync.cartpush.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.PushOutcome;
import io.invsync.rules.QuantityRules;

/** Decides what to do for one (cart, product) from what is known of both. A pure function. */
public final class PlanRules {

    private PlanRules() {
    }

    /**
     * @param productsWithAlias the products the alias index lists for the product's push-alias value
     * @param orders the order lines of the product's SKU that cart-push-service holds
     * @param now the time of planning: an order line holds stock back for at most {@code holdLimit}
     * @param cartProduct what the cart said of the alias value at its last catalog read, if read
     * @param last the last outcome recorded for the alias value in this cart
     * @return the plan, or empty when there is nothing to say (no level in the cart's warehouse)
     */
    public static Optional<Plan> plan(CartSettingsChanged cart, InventoryLevelChanged level,
            List<String> productsWithAlias, List<CartOrderLineReceived> orders, Instant now, Duration holdLimit,
            Optional<CartProductObserved> cartProduct, Optional<CartPushRecorded> last) {
        String cartId = cart.cartId();
        String merchantId = cart.merchantId();
        String productId = level.productId();
        String aliasValue = level.aliases().get(cart.pushAlias());
        // one location per cart until per-location planning lands (the settings refuse more)
        Long quantity = QuantityRules.compute(cart, cart.locations().get(0), level, level.sku(), aliasValue, orders,
                now, holdLimit).expected();

        if (aliasValue == null) {
            return Optional.of(Plan.skip(cartId, merchantId, productId, level.sku(), quantity,
                    PushOutcome.IGNORED_NO_ALIAS,
                    "the product has no " + cart.pushAlias() + " alias, the cart's push alias"));
        }
        if (!cart.inventoryUploadEnabled()) {
            return Optional.of(Plan.skip(cartId, merchantId, productId, aliasValue, quantity,
                    PushOutcome.SKIPPED_UPLOAD_DISABLED, "inventory upload is off for cart " + cartId));
        }
        if (productsWithAlias.size() > 1) {
            return Optional.of(Plan.skip(cartId, merchantId, productId, aliasValue, quantity,
                    PushOutcome.BLOCKED_DUPLICATE_ALIAS, cart.pushAlias() + " '" + aliasValue
                            + "' is held by products " + String.join(", ", productsWithAlias)));
        }
        if (cartProduct.isPresent() && !cartProduct.get().exists()) {
            return Optional.of(Plan.skip(cartId, merchantId, productId, aliasValue, quantity, PushOutcome.NOT_IN_CART,
                    "the cart has no product with " + cart.pushAlias() + " '" + aliasValue + "'"));
        }
        if (cartProduct.isPresent() && !cartProduct.get().inventoryTracked()) {
            return Optional.of(Plan.skip(cartId, merchantId, productId, aliasValue, quantity,
                    PushOutcome.TRACKING_DISABLED, "inventory tracking is disabled for it in the cart"));
        }
        if (quantity == null) {
            return Optional.empty();
        }
        if (cartHas(quantity, cartProduct, last)) {
            return Optional.of(Plan.skip(cartId, merchantId, productId, aliasValue, quantity, PushOutcome.UNCHANGED,
                    null));
        }
        return Optional.of(Plan.push(cartId, merchantId, productId, aliasValue, quantity));
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
