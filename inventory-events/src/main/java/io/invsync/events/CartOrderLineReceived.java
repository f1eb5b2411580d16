package io.invsync.events;

import java.time.Instant;

/**
 * An order line a cart took. It counts as in flight (subtracted from what is pushed) until a level observed
 * after {@code placedAt} arrives, because from then on the WMS's own allocation includes it.
 */
public record CartOrderLineReceived(
        String merchantId,
        String orderId,
        String cartId,
        String sku,
        long quantity,
        Instant placedAt,
        Instant observedAt) {

    public CartOrderLineReceived {
        Require.present("merchantId", merchantId);
        Require.present("orderId", orderId);
        Require.present("sku", sku);
        Require.present("placedAt", placedAt);
        Require.present("observedAt", observedAt);
    }
}
