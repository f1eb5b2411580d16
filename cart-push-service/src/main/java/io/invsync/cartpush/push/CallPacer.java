package io.invsync.cartpush.push;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Spaces the calls to one cart, whoever makes them (pushes, catalog reads), so that together they stay under the
 * cart's rate limit. Each caller reserves the next free slot, then waits for it outside the lock.
 */
@Component
public class CallPacer {

    private final Map<String, long[]> nextSlotNanos = new ConcurrentHashMap<>();

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
