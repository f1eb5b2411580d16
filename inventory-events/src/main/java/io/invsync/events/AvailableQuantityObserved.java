package io.invsync.events;

import java.time.Instant;

/**
 * What the WMS says one warehouse holds of one product. {@code available} is what can be sold now:
 * the WMS's own figure when it sends one, else on hand minus allocated.
 */
public record AvailableQuantityObserved(
        String merchantId,
        String warehouseId,
        String productId,
        String sku,
        long onHand,
        long allocated,
        long available,
        Instant observedAt,
        String runId) {

    public AvailableQuantityObserved {
        Require.present("merchantId", merchantId);
        Require.present("warehouseId", warehouseId);
        Require.present("productId", productId);
        Require.present("observedAt", observedAt);
    }
}
