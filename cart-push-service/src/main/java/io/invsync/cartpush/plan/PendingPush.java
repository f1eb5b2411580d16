package io.invsync.cartpush.plan;

import java.time.Instant;

import io.invsync.events.CartPushRecorded;

/**
 * A plan on its way from the planning stage to the cart's pushing stage, with what the pusher needs and cannot
 * look up itself: the cart's own reference and quantity for the value (from its last catalog read), and the last
 * outcome recorded for it (so an outcome like it is not written again, and {@code syncedAt} carries over).
 * A plan that needs no call withdraws a push still waiting for its value.
 *
 * @param plannedAt when it was planned: a push landing for an older plan leaves a newer one waiting
 * @param drift whether a read of the cart found it holding another quantity than planned (the push heals drift)
 * @param traceParent the trace of the change that caused it (W3C traceparent), null if none: the cart call's span
 *        starts under it
 */
public record PendingPush(Plan plan, String cartItemRef, Long cartQuantity, CartPushRecorded last,
        Instant plannedAt, boolean drift, String traceParent) {

    /** The same push, healing drift if either it or {@code replaced} (the push it takes the place of) does. */
    public PendingPush replacing(PendingPush replaced) {
        return replaced == null || !replaced.drift() || drift ? this
                : new PendingPush(plan, cartItemRef, cartQuantity, last, plannedAt, true, traceParent);
    }

    public String cartId() {
        return plan.cartId();
    }

    public String aliasValue() {
        return plan.aliasValue();
    }
}
