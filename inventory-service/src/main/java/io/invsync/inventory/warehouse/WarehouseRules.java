package io.invsync.inventory.warehouse;

import io.invsync.events.WarehouseObserved;

/** How the warehouse state moves: the name only forward in {@code observedAt}, the last-loaded time only forward. */
final class WarehouseRules {

    private WarehouseRules() {
    }

    /** @return the new state; null when the warehouse was deleted (a tombstone) */
    static WarehouseState observe(WarehouseState held, WarehouseObserved observed) {
        if (observed == null) {
            return null;
        }
        if (held != null && held.observedAt() != null && observed.observedAt().isBefore(held.observedAt())) {
            return held;
        }
        return new WarehouseState(observed.merchantId(), observed.warehouseId(), observed.name(),
                observed.observedAt(), held == null ? null : held.lastLoadedAt());
    }

    static WarehouseState loaded(WarehouseState held, WarehouseLoaded loaded) {
        if (held == null) {
            return new WarehouseState(loaded.merchantId(), loaded.warehouseId(), null, null, loaded.loadedAt());
        }
        if (held.lastLoadedAt() != null && !loaded.loadedAt().isAfter(held.lastLoadedAt())) {
            return held;
        }
        return new WarehouseState(held.merchantId(), held.warehouseId(), held.name(), held.observedAt(),
                loaded.loadedAt());
    }
}
