package io.invsync.cartpush.plan;

import io.invsync.events.PushOutcome;

/**
 * The planner's decision for one (cart, location, product): push {@code quantity} under {@code aliasValue} to
 * the cart's {@code location}, or record {@code outcome} without a call. {@code aliasValue} is the product's SKU
 * when it lacks the push alias.
 */
public record Plan(String cartId, String merchantId, String location, String productId, String aliasValue,
        long quantity, PushOutcome outcome, String reason) {

    static Plan push(String cartId, String merchantId, String location, String productId, String aliasValue,
            long quantity) {
        return new Plan(cartId, merchantId, location, productId, aliasValue, quantity, null, null);
    }

    static Plan skip(String cartId, String merchantId, String location, String productId, String aliasValue,
            Long quantity, PushOutcome outcome, String reason) {
        return new Plan(cartId, merchantId, location, productId, aliasValue, quantity == null ? -1 : quantity, outcome,
                reason);
    }

    /** The same quantity as a push: for a plan whose judgement a push in flight made out of date. */
    public Plan asCall() {
        return push(cartId, merchantId, location, productId, aliasValue, quantity);
    }

    public boolean needsCall() {
        return outcome == null;
    }

    public Long plannedQuantity() {
        return quantity < 0 ? null : quantity;
    }
}
