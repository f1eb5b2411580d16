package io.invsync.cartpush.push;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one rate gate of the cart calls: it spaces the calls to one cart (or one vendor account), whoever makes them
 * (pushes, catalog reads), so that together they stay under its rate limit, by the vendor's strategy:
 * <ul>
 * <li>a fixed interval between calls ({@link #awaitTurn}: Amazon's 5 requests/s, each connector's minimum interval);
 * <li>a hold until the vendor's window resets ({@link #holdFor}: BigCommerce's quota headers);
 * <li>a bucket of cost points that refills at a rate ({@link #awaitPoints}, {@link #observePoints}: Shopify's query
 *     cost, as each answer reports it).
 * </ul>
 * Each caller reserves its slot (or its points) under the key's lock, then waits for it outside the lock.
 */
@Component
public class CallPacer {

    private final Ticker ticker;
    private final Map<String, long[]> nextSlotNanos = new ConcurrentHashMap<>();
    private final Map<String, PointBucket> buckets = new ConcurrentHashMap<>();

    @Autowired
    public CallPacer() {
        this(Ticker.SYSTEM);
    }

    /** A pacer on {@code ticker}'s time (tests: a virtual one). */
    public CallPacer(Ticker ticker) {
        this.ticker = ticker;
    }

    /** No call to {@code key} before {@code duration} from now: the vendor's quota window resets then. */
    public void holdFor(String key, Duration duration) {
        long[] next = nextSlotNanos.computeIfAbsent(key, c -> new long[] {ticker.nanoTime()});
        synchronized (next) {
            next[0] = Math.max(next[0], ticker.nanoTime() + duration.toNanos());
        }
    }

    public void awaitTurn(String key, Duration minimumInterval) {
        long[] next = nextSlotNanos.computeIfAbsent(key, c -> new long[] {ticker.nanoTime()});
        long slot;
        synchronized (next) {
            slot = Math.max(ticker.nanoTime(), next[0]);
            next[0] = slot + minimumInterval.toNanos();
        }
        long waitNanos = slot - ticker.nanoTime();
        if (waitNanos > 0) {
            ticker.sleep(Duration.ofNanos(waitNanos));
        }
    }

    /**
     * Waits until {@code key}'s bucket should hold {@code cost} points (at most its size), then spends them: the
     * points are gone at the moment the call goes, so later callers queue behind it. Nothing is known of a bucket
     * before its first {@link #observePoints}: no wait then.
     *
     * @return how long it waited
     */
    public Duration awaitPoints(String key, double cost) {
        PointBucket bucket = buckets.get(key);
        if (bucket == null) {
            return Duration.ZERO;
        }
        long waitNanos;
        synchronized (bucket) {
            long now = ticker.nanoTime();
            double needed = Math.min(cost, bucket.maximum);
            double available = bucket.availableAt(now);
            waitNanos = available >= needed ? 0 : (long) Math.ceil((needed - available) / bucket.restoreRate * 1e9);
            bucket.available = available + bucket.restoreRate * waitNanos / 1e9 - needed;
            bucket.observedAtNanos = now + waitNanos;
        }
        Duration wait = Duration.ofNanos(waitNanos);
        if (waitNanos > 0) {
            ticker.sleep(wait);
        }
        return wait;
    }

    /** What the vendor reported of {@code key}'s bucket just now: its size, refill per second and points left. */
    public void observePoints(String key, double maximum, double restoreRate, double available) {
        PointBucket bucket = buckets.computeIfAbsent(key, k -> new PointBucket());
        synchronized (bucket) {
            bucket.maximum = maximum;
            bucket.restoreRate = Math.max(0.001, restoreRate);
            bucket.available = available;
            bucket.observedAtNanos = ticker.nanoTime();
        }
    }

    private static final class PointBucket {

        private double maximum;
        private double restoreRate;
        private double available;
        private long observedAtNanos;

        double availableAt(long now) {
            return Math.min(maximum, available + restoreRate * (now - observedAtNanos) / 1e9);
        }
    }
}
