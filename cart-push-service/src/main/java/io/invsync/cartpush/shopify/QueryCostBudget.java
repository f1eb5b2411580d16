package io.invsync.cartpush.shopify;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.invsync.cartpush.push.CallPacer;
import tools.jackson.databind.JsonNode;

/**
 * What Shopify's answers say of its leaky bucket of query-cost points, for the pacer's point bucket
 * ({@link CallPacer#awaitPoints}) under each cart (app + store): every answer carries
 * {@code extensions.cost.throttleStatus}, and a call waits until the bucket should hold its requested cost, so that a
 * run of pushes slows down to the restore rate instead of running into THROTTLED answers. A call reserves its cost
 * before it goes, so the pushes and a catalog read of the same cart do not both spend the same points. The cost of
 * a call is learnt per operation and item from the last answer.
 */
final class QueryCostBudget {

    /** What a bucket holds when an answer does not say (the observed standard-plan bucket). */
    static final double DEFAULT_MAXIMUM = 1000;

    private final CallPacer pacer;
    /** cartId → operation → requested cost per item, from the last answer. */
    private final Map<String, Map<String, Double>> costPerUnit = new ConcurrentHashMap<>();

    QueryCostBudget(CallPacer pacer) {
        this.pacer = pacer;
    }

    /** The requested cost of a call of {@code operation} with {@code units} items, learnt from the last answer. */
    double estimate(String cartId, String operation, int units, double fallback) {
        Double perUnit = costPerUnit.getOrDefault(cartId, Map.of()).get(operation);
        return perUnit == null ? fallback : Math.ceil(perUnit * Math.max(1, units));
    }

    /** Waits until the cart's bucket should hold {@code cost} points, then reserves them. Returns the wait. */
    Duration reserve(String cartId, double cost) {
        return pacer.awaitPoints(key(cartId), cost);
    }

    /** Takes in {@code extensions.cost} of an answer to a call of {@code operation} with {@code units} items. */
    void observe(String cartId, String operation, int units, JsonNode cost) {
        JsonNode status = cost.path("throttleStatus");
        if (!status.path("currentlyAvailable").isNumber() || !status.path("restoreRate").isNumber()) {
            return;
        }
        pacer.observePoints(key(cartId), status.path("maximumAvailable").asDouble(DEFAULT_MAXIMUM),
                status.path("restoreRate").asDouble(), status.path("currentlyAvailable").asDouble());
        if (cost.path("requestedQueryCost").isNumber() && units > 0) {
            costPerUnit.computeIfAbsent(cartId, id -> new ConcurrentHashMap<>()).put(operation,
                    cost.path("requestedQueryCost").asDouble() / units);
        }
    }

    /** The pacer's key of a cart's cost bucket (apart from its fixed-interval key, the cart id). */
    private static String key(String cartId) {
        return cartId + "/query-cost";
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
}
