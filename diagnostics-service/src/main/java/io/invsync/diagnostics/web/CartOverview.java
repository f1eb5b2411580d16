package io.invsync.diagnostics.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.invsync.diagnostics.explain.Checklist;
import io.invsync.diagnostics.metrics.SyncLagHistogram;
import io.invsync.diagnostics.model.ReadModel;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryRunRecorded;

/**
 * What the web page's overview shows of one cart, from what the read model already keeps: the discrepancy counts
 * (nothing is explained for it), the values the cart is concerned with (counted), the last inventory run, the
 * cart's reads, and this instance's sync-lag histogram.
 *
 * @param values the alias values the cart is concerned with (its push alias's entries and the values it has a
 *        result for): the values the discrepancy counts judge
 * @param byVerdict {@code NOT_SYNCED} (the sum of the counts) and {@code IN_SYNC_OR_PENDING} (the rest): the read
 *        model keeps the counts of NOT_SYNCED values only, so the other two verdicts are not told apart here
 * @param byCause the NOT_SYNCED values per cause (the first failing check), in checklist order, causes at 0 left out
 * @param lastRun the merchant's last inventory run, null when none ran (diagnostics keeps the last only)
 * @param reconciliation what diagnostics knows of the cart's reads (reconciliations and catalog reads)
 */
record CartOverview(String merchantId, String cartId, Instant at, String inventorySync,
        boolean inventoryUploadEnabled, long values, List<Count> byVerdict, List<Count> byCause,
        SyncLagHistogram.SyncLag syncLag, LastRun lastRun, Reconciliation reconciliation) {

    static final String NOT_SYNCED = "NOT_SYNCED";
    static final String IN_SYNC_OR_PENDING = "IN_SYNC_OR_PENDING";

    record Count(String name, long count) {
    }

    /** The run as the page shows it, without its rejected rows (the run's own endpoint in wms-ingest has them). */
    record LastRun(String runId, String trigger, String status, Instant startedAt, Instant finishedAt, long read,
            long accepted, long rejected, String error) {

        static LastRun of(InventoryRunRecorded run) {
            return new LastRun(run.runId(), run.trigger().name(), run.status().name(), run.startedAt(),
                    run.finishedAt(), run.read(), run.accepted(), run.rejected(), run.error());
        }
    }

    /**
     * The cart's reads as diagnostics has them: the last reconciliation run itself (started, finished, read,
     * drifted, pushed, failed) is cart-push-service's ({@code GET /api/carts/{c}/reconcile}), which diagnostics does
     * not call.
     *
     * @param valuesRead values the cart has said something of (a catalog read or a reconciliation)
     * @param withQuantity of those, the values whose quantity the cart gave
     * @param newestReadAt the newest of those reads (null: none)
     * @param oldestReadAt the oldest of them
     * @param quantityMismatches values NOT_SYNCED because the cart's quantity differs ({@code QUANTITY_MATCH}): the
     *        drift a read found among them is marked in the discrepancy report
     */
    record Reconciliation(long valuesRead, long withQuantity, Instant newestReadAt, Instant oldestReadAt,
            long quantityMismatches) {
    }

    static CartOverview of(ReadModel model, CartSettingsChanged cart, Map<String, Long> counts,
            SyncLagHistogram.SyncLag syncLag, Instant now) {
        String merchantId = cart.merchantId();
        List<Count> byCause = new ArrayList<>();
        long notSynced = 0;
        for (String cause : Checklist.ORDER) {
            long count = counts.getOrDefault(cause, 0L);
            if (count > 0) {
                byCause.add(new Count(cause, count));
                notSynced += count;
            }
        }
        long values = model.countConcernedValues(cart);
        // the counts are kept as records are applied, the values counted now: apart for a moment while records arrive
        List<Count> byVerdict = List.of(new Count(NOT_SYNCED, notSynced),
                new Count(IN_SYNC_OR_PENDING, Math.max(0, values - notSynced)));
        long[] reads = { 0, 0 };
        Instant[] range = { null, null };
        model.forEachCartProduct(merchantId, cart.cartId(), (CartProductObserved read) -> {
            reads[0]++;
            if (read.cartQuantity() != null) {
                reads[1]++;
            }
            if (range[0] == null || read.observedAt().isAfter(range[0])) {
                range[0] = read.observedAt();
            }
            if (range[1] == null || read.observedAt().isBefore(range[1])) {
                range[1] = read.observedAt();
            }
        });
        return new CartOverview(merchantId, cart.cartId(), now,
                model.merchant(merchantId).map(m -> m.inventorySync()).map(Enum::name).orElse(null),
                cart.inventoryUploadEnabled(), values, byVerdict, List.copyOf(byCause), syncLag,
                model.lastRun(merchantId).map(LastRun::of).orElse(null),
                new Reconciliation(reads[0], reads[1], range[0], range[1], counts.getOrDefault("QUANTITY_MATCH", 0L)));
    }
}
