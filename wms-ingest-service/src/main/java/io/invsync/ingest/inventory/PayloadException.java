package io.invsync.ingest.inventory;

/**
 * The payload as a whole cannot be read further (malformed JSON or CSV, too large). Rows read before it have
 * been published and are counted in the run; the run says where reading stopped.
 */
public class PayloadException extends RuntimeException {

    private final String field;
    private final boolean tooLarge;

    public PayloadException(String field, String message, boolean tooLarge) {
        super(message);
        this.field = field;
        this.tooLarge = tooLarge;
    }

    String field() {
        return field;
    }

    boolean tooLarge() {
        return tooLarge;
    }
}
