package io.invsync.events;

import java.time.Instant;
import java.util.List;

/** An inventory run started ({@code RUNNING}) or finished, with its counts and each rejected row's reason. */
public record InventoryRunRecorded(
        String merchantId,
        String runId,
        RunTrigger trigger,
        RunStatus status,
        Instant startedAt,
        Instant finishedAt,
        long read,
        long accepted,
        long rejected,
        String error,
        List<Rejection> rejections,
        Instant observedAt) {

    public InventoryRunRecorded {
        Require.present("merchantId", merchantId);
        Require.present("runId", runId);
        Require.present("trigger", trigger);
        Require.present("status", status);
        Require.present("startedAt", startedAt);
        Require.present("observedAt", observedAt);
        rejections = rejections == null ? List.of() : List.copyOf(rejections);
    }

    /** One rejected input row: where it was (1-based row of the payload), which field, and why. */
    public record Rejection(long row, String sku, String field, String reason) {
    }
}
