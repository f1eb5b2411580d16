package io.invsync.events;

import java.time.Instant;

/**
 * inventory-service has indexed every record of an inventory run: the products, levels and alias values the run
 * brought are in its stores and on its topics, published before this (they are in the merchant's partition, and it
 * handles the run's end after them). cart-push-service plans a value that first appears in a run only from then on,
 * so that two products of one run sharing the value are known as a duplicate before either is pushed under it.
 *
 * @param finishedAt when the ingest service finished the run
 */
public record InventoryRunIndexed(String merchantId, String runId, Instant finishedAt, Instant indexedAt) {

    public InventoryRunIndexed {
        Require.present("merchantId", merchantId);
        Require.present("runId", runId);
        Require.present("indexedAt", indexedAt);
    }
}
