package io.invsync.cartpush.shopify;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

/**
 * Shopify's leaky bucket of query-cost points, as last reported for each cart (app + store): every answer carries
 * {@code extensions.cost.throttleStatus}, and a call waits here until the bucket should hold its requested cost, so
 * that a run of pushes slows down to the restore rate instead of running into THROTTLED answers. A call reserves its
 * cost before it goes, so the pushes and a catalog read of the same cart do not both spend the same points.
 */
final class QueryCostBudget {

    /** What a call may cost before Shopify told us anything (the observed standard-plan bucket). */
    static final double DEFAULT_MAXIMUM = 1000;
    static final double DEFAULT_RESTORE_RATE = 50;

    private final Ticker ticker;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    QueryCostBudget(Ticker ticker) {
        this.ticker = ticker;
    }

    /** The requested cost of a call of {@code operation} with {@code units} items, learnt from the last answer. */
    double estimate(String cartId, String operation, int units, double fallback) {
        Bucket bucket = buckets.get(cartId);
        Double perUnit = bucket == null ? null : bucket.costPerUnit.get(operation);
        return perUnit == null ? fallback : Math.ceil(perUnit * Math.max(1, units));
    }

    /** Waits until the cart's bucket should hold {@code cost} points, then reserves them. Returns the wait. */
    Duration reserve(String cartId, double cost) {
        Bucket bucket = buckets.get(cartId);
        if (bucket == null) {
            return Duration.ZERO; // nothing known yet: the first answer tells us
        }
        long waitNanos;
        synchronized (bucket) {
            long now = ticker.nanoTime();
            double needed = Math.min(cost, bucket.maximum);
            double available = bucket.availableAt(now);
            waitNanos = available >= needed ? 0 : (long) Math.ceil((needed - available) / bucket.restoreRate * 1e9);
            // the points are spent at the moment the call goes; later callers queue behind it
            bucket.available = available + bucket.restoreRate * waitNanos / 1e9 - needed;
            bucket.observedAtNanos = now + waitNanos;
        }
        Duration wait = Duration.ofNanos(waitNanos);
        if (waitNanos > 0) {
            ticker.sleep(wait);
        }
        return wait;
    }

    /** Takes in {@code extensions.cost} of an answer to a call of {@code operation} with {@code units} items. */
    void observe(String cartId, String operation, int units, JsonNode cost) {
        JsonNode status = cost.path("throttleStatus");
        if (!status.path("currentlyAvailable").isNumber() || !status.path("restoreRate").isNumber()) {
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(cartId, id -> new Bucket());
        synchronized (bucket) {
            bucket.maximum = status.path("maximumAvailable").asDouble(DEFAULT_MAXIMUM);
            bucket.restoreRate = Math.max(0.001, status.path("restoreRate").asDouble());
            bucket.available = status.path("currentlyAvailable").asDouble();
            bucket.observedAtNanos = ticker.nanoTime();
            if (cost.path("requestedQueryCost").isNumber() && units > 0) {
                bucket.costPerUnit.put(operation, cost.path("requestedQueryCost").asDouble() / units);
            }
        }
    }

    /**
     * How long until a THROTTLED call could run: the points it asked for that the bucket lacks, at the restore rate.
     * Null when the answer did not say.
     */
    static Duration retryAfter(JsonNode cost) {
        JsonNode status = cost.path("throttleStatus");
        if (!cost.path("requestedQueryCost").isNumber() || !status.path("currentlyAvailable").isNumber()
                || !status.path("restoreRate").isNumber() || status.path("restoreRate").asDouble() <= 0) {
            return null;
        }
        double lacking = cost.path("requestedQueryCost").asDouble() - status.path("currentlyAvailable").asDouble();
        double seconds = Math.max(lacking, 1) / status.path("restoreRate").asDouble();
        return Duration.ofMillis((long) Math.ceil(seconds * 1000));
    }

    private static final class Bucket {

        private double maximum = DEFAULT_MAXIMUM;
        private double restoreRate = DEFAULT_RESTORE_RATE;
        private double available = DEFAULT_MAXIMUM;
        private long observedAtNanos;
        private final Map<String, Double> costPerUnit = new ConcurrentHashMap<>();

        double availableAt(long now) {
            return Math.min(maximum, available + restoreRate * (now - observedAtNanos) / 1e9);
        }
    }
}
