package io.invsync.cartpush.push;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Spaces the calls to one cart (or one vendor account), whoever makes them (pushes, catalog reads), so that together
 * they stay under its rate limit: a fixed interval between calls ({@link #awaitTurn}), and a hold when the vendor
 * says its window is spent until a reset ({@link #holdFor}). Each caller reserves the next free slot, then waits for
 * it outside the lock. (Shopify's query-cost bucket is the one other strategy: {@code shopify.QueryCostBudget}.)
 */
@Component
public class CallPacer {

    private final Map<String, long[]> nextSlotNanos = new ConcurrentHashMap<>();

    /** No call to {@code key} before {@code duration} from now: the vendor's quota window resets then. */
    public void holdFor(String key, Duration duration) {
        long[] next = nextSlotNanos.computeIfAbsent(key, c -> new long[] {System.nanoTime()});
        synchronized (next) {
            next[0] = Math.max(next[0], System.nanoTime() + duration.toNanos());
        }
    }

    public void awaitTurn(String cartId, Duration minimumInterval) {
        long[] next = nextSlotNanos.computeIfAbsent(cartId, c -> new long[] {System.nanoTime()});
        long slot;
        synchronized (next) {
            slot = Math.max(System.nanoTime(), next[0]);
            next[0] = slot + minimumInterval.toNanos();
        }
        long waitNanos = slot - System.nanoTime();
        if (waitNanos > 0) {
            Retrying.sleep(Duration.ofNanos(waitNanos));
        }
    }
}
