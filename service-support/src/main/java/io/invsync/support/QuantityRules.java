package io.invsync.support;

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
     * after it was placed arrives.
     */
    public static long inFlight(Instant snapshotObservedAt, Collection<CartOrderLineReceived> orders) {
        long quantity = 0;
        for (CartOrderLineReceived order : orders) {
            if (snapshotObservedAt == null || order.placedAt().isAfter(snapshotObservedAt)) {
                quantity += order.quantity();
            }
        }
        return quantity;
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
