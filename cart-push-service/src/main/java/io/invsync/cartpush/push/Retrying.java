package io.invsync.cartpush.push;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Calls a cart until it answers, within a retry budget: the cart's own Retry-After when it gives one (seconds or an
 * HTTP-date, {@link CartHttp#retryAfter}), else exponential backoff with jitter. After the budget, {@link GaveUpException} with the last reason.
 */
@Component
public class Retrying {

    private static final Logger log = LoggerFactory.getLogger(Retrying.class);

    private final CallPacer pacer;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public Retrying(CallPacer pacer, @Value("${invsync.push.max-attempts:5}") int maxAttempts,
            @Value("${invsync.push.initial-backoff:PT0.2S}") Duration initialBackoff,
            @Value("${invsync.push.max-backoff:PT10S}") Duration maxBackoff) {
        this.pacer = pacer;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Runs {@code call} on the cart's pace, again while it throws {@link RetryableCartException}. */
    public <T> T call(String cartId, Duration minimumInterval, Supplier<T> call) {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            pacer.awaitTurn(cartId, minimumInterval);
            try {
                return call.get();
            } catch (RetryableCartException e) {
                if (attempt >= maxAttempts) {
                    throw new GaveUpException("gave up after " + attempt + " attempts: " + e.getMessage(), e);
                }
                // the cart's own hint as given; our backoff jittered, so that carts failing together spread out
                Duration wait = e.retryAfter() != null ? e.retryAfter()
                        : jittered(backoff, ThreadLocalRandom.current().nextDouble());
                log.info("cart {}: {} (attempt {} of {}), retrying in {} ms", cartId, e.getMessage(), attempt,
                        maxAttempts, wait.toMillis());
                sleep(wait);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    /** Between half the backoff and all of it ("equal jitter"): {@code draw} is uniform in [0, 1). */
    static Duration jittered(Duration backoff, double draw) {
        long half = backoff.toNanos() / 2;
        return Duration.ofNanos(half + (long) (half * draw));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to call a cart", e);
        }
    }

    /** The retry budget is spent; the message says why the last attempt failed. */
    public static class GaveUpException extends RuntimeException {

        GaveUpException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
