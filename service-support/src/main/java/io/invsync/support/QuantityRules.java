package io.invsync.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;

/** The quantity a cart should show for a product. Pure functions: everything they need is passed in. */
public final class QuantityRules {

    private QuantityRules() {
    }

    /** What the cart's warehouse setting makes available, before orders and the floor; null when unknown. */
    public static Long available(CartSettingsChanged cart, InventoryLevelChanged level) {
        if (level == null) {
            return null;
        }
        if (CartSettingsChanged.ALL_WAREHOUSES.equals(cart.syncWarehouse())) {
            return level.warehouses().isEmpty() ? null : level.total().available();
        }
        WarehouseLevel inWarehouse = level.warehouses().get(cart.syncWarehouse());
        return inWarehouse == null ? null : inWarehouse.available();
    }

    /**
     * Order lines the carts took after the WMS snapshot was observed: the WMS does not know them yet, so they
     * are still sellable in its figures and must be held back. A line stops counting once a level observed
     * after it was placed arrives, or once {@code holdLimit} has passed since it was placed: a WMS that never
     * sends a newer level (or an order it never receives) must not hold stock back for good.
     */
    public static long inFlight(Instant snapshotObservedAt, Collection<CartOrderLineReceived> orders, Instant now,
            Duration holdLimit) {
        long quantity = 0;
        for (CartOrderLineReceived order : orders) {
            if (holds(order, snapshotObservedAt, now, holdLimit)) {
                quantity += order.quantity();
            }
        }
        return quantity;
    }

    /** Whether one order line still holds its quantity back (see {@link #inFlight}). */
    public static boolean holds(CartOrderLineReceived order, Instant snapshotObservedAt, Instant now,
            Duration holdLimit) {
        return (snapshotObservedAt == null || order.placedAt().isAfter(snapshotObservedAt))
                && now.isBefore(holdEnd(order, holdLimit));
    }

    /** When a line stops holding stock back at the latest, whatever the WMS sends. */
    public static Instant holdEnd(CartOrderLineReceived order, Duration holdLimit) {
        return order.placedAt().plus(holdLimit);
    }

    /** The first time one of the lines that hold stock back now stops holding; null when none holds. */
    public static Instant nextHoldEnd(Instant snapshotObservedAt, Collection<CartOrderLineReceived> orders,
            Instant now, Duration holdLimit) {
        Instant next = null;
        for (CartOrderLineReceived order : orders) {
            if (holds(order, snapshotObservedAt, now, holdLimit)) {
                Instant end = holdEnd(order, holdLimit);
                next = next == null || end.isBefore(next) ? end : next;
            }
        }
        return next;
    }

    /** When the cart's warehouse was last observed (for ALL, the newest of them). */
    public static Instant snapshotObservedAt(CartSettingsChanged cart, InventoryLevelChanged level) {
        if (level == null) {
            return null;
        }
        if (CartSettingsChanged.ALL_WAREHOUSES.equals(cart.syncWarehouse())) {
            return level.warehouses().values().stream().map(WarehouseLevel::observedAt).max(Instant::compareTo)
                    .orElse(null);
        }
        WarehouseLevel inWarehouse = level.warehouses().get(cart.syncWarehouse());
        return inWarehouse == null ? null : inWarehouse.observedAt();
    }

    /**
     * The quantity to push: available minus in-flight orders, never below 0 (negative available is kept in
     * state but a cart cannot sell less than nothing), then the floor. The floor protects against overselling
     * the last few units: below it the cart shows 0, at or above it the full quantity (floor 5: 4 → 0, 5 → 5).
     */
    public static long toPush(long available, long inFlight, long minimumInventoryLevel) {
        long quantity = Math.max(0, available - inFlight);
        return quantity < minimumInventoryLevel ? 0 : quantity;
    }
}
