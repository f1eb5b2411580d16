package io.invsync.ingest.inventory;

import java.time.Instant;
import java.util.Map;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.ProductObserved;

/** One accepted row of an inventory payload, with the available quantity settled. */
record InventoryRow(String warehouseId, String productId, String sku, Map<String, String> aliases,
        long onHand, long allocated, long available) {

    AvailableQuantityObserved observation(String merchantId, Instant observedAt, String runId) {
        return new AvailableQuantityObserved(merchantId, warehouseId, productId, sku, onHand, allocated, available,
                observedAt, runId);
    }

    ProductObserved product(String merchantId, Instant observedAt) {
        return new ProductObserved(merchantId, productId, sku, aliases, observedAt);
    }
}
