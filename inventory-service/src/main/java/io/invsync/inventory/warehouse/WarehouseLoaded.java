package io.invsync.inventory.warehouse;

import java.time.Instant;

/** A level in the warehouse was loaded at {@code loadedAt}. Keyed {@code merchantId/warehouseId}. */
record WarehouseLoaded(String merchantId, String warehouseId, Instant loadedAt) {
}
