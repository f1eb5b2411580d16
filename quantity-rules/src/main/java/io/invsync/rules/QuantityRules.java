package io.invsync.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.invsync.events.CartLocation;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.RuleOverride;
import io.invsync.rules.PushQuantity.Kind;
import io.invsync.rules.PushQuantity.Step;

/**
 * The quantity a cart location should show for a product (DESIGN §1): the sum of available over the location's
 * warehouses (a kit's level arrives computed from its components), minus in-flight orders, never below 0; then the
 * channel rules — buffer, percent, maximum — then the floor; or a matching override's fixed quantity instead of all
 * of it. cart-push-service pushes what this says and diagnostics explains it with the same result. Pure functions:
 * everything they need is passed in.
 */
public final class QuantityRules {

    private QuantityRules() {
    }

    /**
     * @param level the product's level, null when none has arrived
     * @param sku the product's SKU (overrides match it as well as the pushed value)
     * @param aliasValue the value the cart is pushed under, null when the product lacks the push alias
     * @param orders the order lines of the product's SKU
     * @param now the time of judging: an order line holds stock back for at most {@code holdLimit}
     */
    public static PushQuantity compute(CartSettingsChanged cart, CartLocation location, InventoryLevelChanged level,
            String sku, String aliasValue, Collection<CartOrderLineReceived> orders, Instant now, Duration holdLimit) {
        Map<String, Long> byWarehouse = new LinkedHashMap<>();
        Long onHand = null;
        Long allocated = null;
        Long available = null;
        Instant snapshot = null;
        if (level != null) {
            for (Map.Entry<String, WarehouseLevel> entry : level.warehouses().entrySet()) {
                if (!location.fedBy(entry.getKey())) {
                    continue;
                }
                WarehouseLevel here = entry.getValue();
                byWarehouse.put(entry.getKey(), here.available());
                onHand = (onHand == null ? 0 : onHand) + here.onHand();
                allocated = (allocated == null ? 0 : allocated) + here.allocated();
                available = (available == null ? 0 : available) + here.available();
                snapshot = snapshot == null || here.observedAt().isAfter(snapshot) ? here.observedAt() : snapshot;
            }
        }
        long inFlight = 0;
        Instant oldest = null;
        Instant holdEnds = null;
        for (CartOrderLineReceived order : orders) {
            if (holds(order, snapshot, now, holdLimit)) {
                inFlight += order.quantity();
                oldest = oldest == null || order.placedAt().isBefore(oldest) ? order.placedAt() : oldest;
                Instant end = holdEnd(order, holdLimit);
                holdEnds = holdEnds == null || end.isBefore(holdEnds) ? end : holdEnds;
            }
        }
        Long afterOrders = available == null ? null : Math.max(0, available - inFlight);

        RuleOverride override = override(cart, aliasValue, sku);
        long floor = override != null && override.minimumInventoryLevel() != null ? override.minimumInventoryLevel()
                : cart.minimumInventoryLevel();
        List<Step> steps = new ArrayList<>();
        Long afterRules;
        Long expected;
        if (override != null && override.fixedQuantity() != null) {
            long fixed = override.fixedQuantity();
            steps.add(new Step(Kind.FIXED, fixed, afterOrders == null ? fixed : afterOrders, fixed));
            afterRules = fixed;
            expected = fixed;
        } else if (afterOrders == null) {
            afterRules = null;
            expected = null;
        } else {
            long quantity = afterOrders;
            Long buffer = override != null && override.buffer() != null ? override.buffer() : cart.rules().buffer();
            Integer percent = override != null && override.percent() != null ? override.percent()
                    : cart.rules().percent();
            Long maximum = override != null && override.maximum() != null ? override.maximum()
                    : cart.rules().maximum();
            if (buffer != null && buffer > 0) {
                long after = Math.max(0, quantity - buffer);
                steps.add(new Step(Kind.BUFFER, buffer, quantity, after));
                quantity = after;
            }
            if (percent != null && percent != 100) {
                long after = percentOf(quantity, percent);
                steps.add(new Step(Kind.PERCENT, percent, quantity, after));
                quantity = after;
            }
            if (maximum != null) {
                long after = Math.min(quantity, maximum);
                steps.add(new Step(Kind.MAXIMUM, maximum, quantity, after));
                quantity = after;
            }
            afterRules = quantity;
            // the floor protects against overselling the last few units: below it the cart shows 0, at or above
            // it the full quantity (floor 5: 4 → 0, 5 → 5)
            expected = quantity < floor ? 0 : quantity;
        }
        return new PushQuantity(location, byWarehouse, onHand, allocated, available, snapshot, inFlight, oldest,
                holdEnds, afterOrders, override, List.copyOf(steps), afterRules, floor, expected);
    }

    /** {@code percent} of {@code quantity}, rounded down, without overflow for any non-negative quantity. */
    static long percentOf(long quantity, int percent) {
        return quantity / 100 * percent + quantity % 100 * percent / 100;
    }

    /** The first override whose match fits the pushed value or the SKU; null when none does. */
    public static RuleOverride override(CartSettingsChanged cart, String aliasValue, String sku) {
        for (RuleOverride candidate : cart.ruleOverrides()) {
            if ((aliasValue != null && Glob.matches(candidate.match(), aliasValue))
                    || (sku != null && Glob.matches(candidate.match(), sku))) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Whether one order line still holds its quantity back. Order lines the carts took after the WMS snapshot was
     * observed are unknown to the WMS, so still sellable in its figures: they are held back. A line stops counting
     * once a level observed after it was placed arrives, or once {@code holdLimit} has passed since it was placed:
     * a WMS that never sends a newer level (or an order it never receives) must not hold stock back for good.
     */
    public static boolean holds(CartOrderLineReceived order, Instant snapshotObservedAt, Instant now,
            Duration holdLimit) {
        return (snapshotObservedAt == null || order.placedAt().isAfter(snapshotObservedAt))
                && now.isBefore(holdEnd(order, holdLimit));
    }

    /** When a line stops holding stock back at the latest, whatever the WMS sends. */
    public static Instant holdEnd(CartOrderLineReceived order, Duration holdLimit) {
        return order.placedAt().plus(holdLimit);
    }
}
