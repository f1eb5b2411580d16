package io.invsync.ingest.inventory;

import java.time.Instant;
import java.util.Map;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.ProductObserved;

/** One accepted row of an inventory payload, with the available quantity and its observedAt settled. */
record InventoryRow(String warehouseId, String productId, String sku, Map<String, String> aliases,
        long onHand, long allocated, long available, Instant observedAt) {

    AvailableQuantityObserved observation(String merchantId, String runId) {
        return new AvailableQuantityObserved(merchantId, warehouseId, productId, sku, onHand, allocated, available,
                observedAt, runId);
    }

    ProductObserved product(String merchantId) {
        return new ProductObserved(merchantId, productId, sku, aliases, observedAt);
    }
}
