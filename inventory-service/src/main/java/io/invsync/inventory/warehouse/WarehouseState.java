package io.invsync.inventory.warehouse;

import java.time.Instant;

/**
 * A warehouse as the service knows it: its name (from the warehouses topic; null until that arrives) and the
 * last time any level in it was loaded (null until one is). The value of the {@code warehouses} store, and the
 * shape the REST API answers with.
 */
record WarehouseState(String merchantId, String warehouseId, String name, Instant observedAt, Instant lastLoadedAt) {
}
