package io.invsync.cartpush.push;

import java.time.Duration;

/** The call as a whole failed but may succeed later; {@code retryAfter} is the cart's own hint, if it gave one. */
public class RetryableCartException extends RuntimeException {

    private final Duration retryAfter;

    public RetryableCartException(String reason, Duration retryAfter) {
        super(reason);
        this.retryAfter = retryAfter;
    }

    public RetryableCartException(String reason, Throwable cause) {
        super(reason, cause);
        this.retryAfter = null;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
