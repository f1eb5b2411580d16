package io.invsync.cartpush.push;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.invsync.cartpush.plan.Plan;
import io.invsync.cartpush.state.PushState;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.Keys;
import io.invsync.events.Limits;
import io.invsync.events.PushOutcome;
import io.invsync.events.Topics;
import io.invsync.support.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records outcomes to the results topic and to the local table. An outcome identical to the last one recorded
 * (same outcome, quantity and reason) is not written again, so planning unchanged inventory writes nothing.
 */
@Component
public class PushResults {

    private final PushState state;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final Clock clock;

    PushResults(PushState state, EventPublisher publisher, MeterRegistry meters, Clock clock) {
        this.state = state;
        this.publisher = publisher;
        this.meters = meters;
        this.clock = clock;
    }

    public void record(Plan plan, PushOutcome outcome, String reason) {
        Optional<CartPushRecorded> last = state.result(plan.cartId(), plan.aliasValue());
        meters.counter("invsync.cart.push", "cart", plan.cartId(), "outcome", outcome.name()).increment();
        if (outcome != PushOutcome.PUSHED && last.isPresent() && same(last.get(), plan, outcome, reason)) {
            return;
        }
        Instant now = Instant.now(clock);
        Instant syncedAt = outcome == PushOutcome.PUSHED ? now : last.map(CartPushRecorded::syncedAt).orElse(null);
        var result = new CartPushRecorded(plan.merchantId(), plan.cartId(), plan.aliasValue(), plan.productId(),
                plan.plannedQuantity(), outcome, reason, now, syncedAt, now);
        state.putResult(result);
        publisher.publish(Topics.CART_PUSH_RESULTS, Keys.cartAlias(plan.cartId(), plan.aliasValue()), result);
    }

    private static boolean same(CartPushRecorded last, Plan plan, PushOutcome outcome, String reason) {
        boolean sameOutcome = last.outcome() == outcome
                || (outcome == PushOutcome.UNCHANGED && last.outcome() == PushOutcome.PUSHED);
        return sameOutcome && Objects.equals(last.quantity(), plan.plannedQuantity())
                && Objects.equals(last.reason(), Limits.truncateReason(reason)); // as the result keeps it
    }
}
