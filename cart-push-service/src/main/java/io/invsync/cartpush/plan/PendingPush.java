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
 */
public record PendingPush(Plan plan, String cartItemRef, Long cartQuantity, CartPushRecorded last,
        Instant plannedAt) {

    public String cartId() {
        return plan.cartId();
    }

    public String aliasValue() {
        return plan.aliasValue();
    }
}
