package io.invsync.ingest.inventory;

import io.invsync.events.InventoryRunRecorded;

/** A payload broke off part way; {@code run} says how far it got (what was read before is published). */
public class BrokenPayloadException extends RuntimeException {

    private final PayloadException cause;
    private final InventoryRunRecorded run;

    BrokenPayloadException(PayloadException cause, InventoryRunRecorded run) {
        super(cause.getMessage(), cause);
        this.cause = cause;
        this.run = run;
    }

    PayloadException payload() {
        return cause;
    }

    public InventoryRunRecorded run() {
        return run;
    }
}
