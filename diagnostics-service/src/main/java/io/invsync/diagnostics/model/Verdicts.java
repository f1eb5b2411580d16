package io.invsync.diagnostics.model;

import io.invsync.events.CartSettingsChanged;

/**
 * How the discrepancy counts judge an alias value: with the explanation's own function ({@code Diagnostics}), so
 * that {@code invsync.discrepancies} counts exactly the values an explanation calls NOT_SYNCED. Handed the read
 * model of the task that applies a record, since the counts are kept inside the topology.
 */
public interface Verdicts {

    /** The cause the value is counted under: the explanation's cause when its verdict is NOT_SYNCED, else null. */
    String causeIfNotSynced(ReadModel model, CartSettingsChanged cart, String aliasValue);

    /**
     * What the merchant-level checks conclude (their statuses, in order): every value's checklist begins with them,
     * so when this changes (merchant settings, the last run) each value of the merchant is judged again.
     */
    String merchantConclusion(ReadModel model, String merchantId);
}
