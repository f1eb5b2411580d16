package io.invsync.cartpush.push;

import java.time.Instant;
import java.util.Objects;

import io.invsync.cartpush.plan.Plan;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.Limits;
import io.invsync.events.PushOutcome;

/**
 * What is recorded for a plan's outcome. An outcome identical to the last one recorded (same outcome, quantity
 * and reason) is not written again, so planning unchanged inventory writes nothing. Pure functions.
 */
public final class PushResults {

    private PushResults() {
    }

    /**
     * The result to record, or null when it would say what {@code last} already says.
     *
     * @param plannedAt when the plan was made (the planner's clock; for a push, when it was planned, not when it landed)
     */
    public static CartPushRecorded record(Plan plan, PushOutcome outcome, String reason, CartPushRecorded last,
            Instant plannedAt, Instant now) {
        if (outcome != PushOutcome.PUSHED && last != null && same(last, plan, outcome, reason)) {
            return null;
        }
        Instant syncedAt = outcome == PushOutcome.PUSHED ? now : last == null ? null : last.syncedAt();
        return new CartPushRecorded(plan.merchantId(), plan.cartId(), plan.aliasValue(), plan.productId(),
                plan.plannedQuantity(), outcome, reason, now, syncedAt, now, plan.location(), plannedAt);
    }

    private static boolean same(CartPushRecorded last, Plan plan, PushOutcome outcome, String reason) {
        boolean sameOutcome = last.outcome() == outcome
                || (outcome == PushOutcome.UNCHANGED && last.outcome() == PushOutcome.PUSHED);
        return sameOutcome && Objects.equals(last.quantity(), plan.plannedQuantity())
                && Objects.equals(last.reason(), Limits.truncateReason(reason)); // as the result keeps it
    }

    /** Of two results for one value, the one to keep: the later attempt. */
    public static CartPushRecorded later(CartPushRecorded held, CartPushRecorded arriving) {
        return held != null && arriving.attemptedAt().isBefore(held.attemptedAt()) ? held : arriving;
    }
}
