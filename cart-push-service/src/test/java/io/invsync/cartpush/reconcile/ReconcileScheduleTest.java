package io.invsync.cartpush.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;

class ReconcileScheduleTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Instant SAVED = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void eachCartIsDueOncePerIntervalAtItsOwnTime() {
        CartSettingsChanged cart = cart("shop-1");
        Instant firstDue = firstDue(cart, null, SAVED);

        assertThat(firstDue).isAfter(SAVED).isBeforeOrEqualTo(SAVED.plus(DAY));
        Reconciliation run = Reconciliation.start(cart.cartId(), "schedule", firstDue);
        assertThat(Reconciler.due(cart, run, firstDue.plus(DAY).minusSeconds(60), DAY)).isFalse();
        assertThat(Reconciler.due(cart, run, firstDue.plus(DAY), DAY)).isTrue();
    }

    @Test
    void aRunAskedForMidIntervalDoesNotMoveTheCartsSlot() {
        CartSettingsChanged cart = cart("shop-1");
        Instant firstDue = firstDue(cart, null, SAVED);
        Reconciliation asked = Reconciliation.start(cart.cartId(), "request", firstDue.plus(Duration.ofHours(3)));

        assertThat(Reconciler.due(cart, asked, firstDue.plus(DAY).minusSeconds(60), DAY)).isFalse();
        assertThat(Reconciler.due(cart, asked, firstDue.plus(DAY), DAY)).isTrue();
    }

    @Test
    void manyCartsSavedTogetherSpreadOverTheInterval() {
        List<Long> hours = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            hours.add(Duration.between(SAVED, firstDue(cart("shop-" + i), null, SAVED)).toHours());
        }

        // 200 carts over 24 hours: none of the hours holds more than a quarter of them, most hours hold some
        assertThat(hours.stream().distinct().count()).isGreaterThan(18);
        for (long hour = 0; hour < 24; hour++) {
            long at = hour;
            assertThat(hours.stream().filter(h -> h == at).count()).isLessThan(50);
        }
    }

    @Test
    void refusesAnIntervalUnderAMinute() {
        assertThatThrownBy(() -> new Reconciler.Settings(Duration.ofSeconds(30), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1M");
    }

    /** The first whole minute after {@code since} at which the cart is due: its slot began within the minute before. */
    private static Instant firstDue(CartSettingsChanged cart, Reconciliation last, Instant since) {
        for (Instant at = since; !at.isAfter(since.plus(DAY).plus(DAY)); at = at.plusSeconds(60)) {
            if (Reconciler.due(cart, last, at, DAY)) {
                return at;
            }
        }
        throw new AssertionError("never due");
    }

    private static CartSettingsChanged cart(String cartId) {
        return new CartSettingsChanged(cartId, "m1", CartType.WEBHOOK, "https://shop.example", null, "REF", true,
                "ALL", "SKU", 0, SAVED);
    }
}
