package io.invsync.support;

import java.io.IOException;

/**
 * A request body is larger than its endpoint's limit: answered 413 naming field {@code body}. An
 * {@link IOException}, because it is thrown from the body's stream while a reader reads it.
 */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("the body is larger than the limit of " + limit + " bytes for this endpoint");
        this.limit = limit;
    }

    public BodyTooLargeException(long length, long limit) {
        super("the body is " + length + " bytes, more than the limit of " + limit + " bytes for this endpoint");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** The exception among {@code e}'s causes, or null. */
    public static BodyTooLargeException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
