package io.invsync.cartpush.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.PushOutcome;

class PlanRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration HOLD = Duration.ofHours(2);

    private static CartSettingsChanged cart(boolean upload, String pushAlias) {
        return new CartSettingsChanged("c1", "m1", CartType.WEBHOOK, "http://cart", null, "REF", upload, "ALL",
                pushAlias, 0, T0);
    }

    private static final InventoryLevelChanged LEVEL = new InventoryLevelChanged("m1", "P1", "A-1",
            Map.of("SKU", "A-1", "UPC", "0123"), Map.of("EAST", new WarehouseLevel(10, 3, 7, T0, T0)), null, T0);

    private static Plan plan(CartSettingsChanged cart, List<String> holders, Optional<CartProductObserved> cartProduct,
            Optional<CartPushRecorded> last) {
        return PlanRules.plan(cart, cart.locations().get(0), LEVEL, holders, List.of(), T0, HOLD, cartProduct, last).orElseThrow();
    }

    private static CartOrderLineReceived order(long quantity, Instant placedAt) {
        return new CartOrderLineReceived("m1", "o-" + quantity, "c1", "A-1", quantity, placedAt, placedAt);
    }

    @Test
    void holdsBackAnOrderPlacedAfterTheSnapshotUntilTheHoldLimit() {
        var orders = List.of(order(3, T0.plusSeconds(60)));
        Instant holdEnds = T0.plusSeconds(60).plus(HOLD);

        CartSettingsChanged cart = cart(true, "SKU");
        Plan held = PlanRules.plan(cart, cart.locations().get(0), LEVEL, List.of("P1"), orders, holdEnds.minusSeconds(1), HOLD,
                Optional.empty(), Optional.empty()).orElseThrow();
        Plan released = PlanRules.plan(cart, cart.locations().get(0), LEVEL, List.of("P1"), orders, holdEnds, HOLD,
                Optional.empty(), Optional.empty()).orElseThrow();

        assertThat(held.quantity()).isEqualTo(4);
        assertThat(released.quantity()).isEqualTo(7);
    }

    @Test
    void pushesAvailableUnderThePushAlias() {
        Plan plan = plan(cart(true, "UPC"), List.of("P1"), Optional.empty(), Optional.empty());

        assertThat(plan.needsCall()).isTrue();
        assertThat(plan.aliasValue()).isEqualTo("0123");
        assertThat(plan.quantity()).isEqualTo(7);
    }

    @Test
    void ignoresProductsWithoutThePushAlias() {
        Plan plan = plan(cart(true, "ASIN"), List.of(), Optional.empty(), Optional.empty());

        assertThat(plan.outcome()).isEqualTo(PushOutcome.IGNORED_NO_ALIAS);
        assertThat(plan.aliasValue()).isEqualTo("A-1");
    }

    @Test
    void blocksADuplicateAlias() {
        Plan plan = plan(cart(true, "UPC"), List.of("P1", "P9"), Optional.empty(), Optional.empty());

        assertThat(plan.outcome()).isEqualTo(PushOutcome.BLOCKED_DUPLICATE_ALIAS);
        assertThat(plan.reason()).contains("P1, P9");
    }

    @Test
    void skipsWhenUploadIsOff() {
        assertThat(plan(cart(false, "SKU"), List.of("P1"), Optional.empty(), Optional.empty()).outcome())
                .isEqualTo(PushOutcome.SKIPPED_UPLOAD_DISABLED);
    }

    @Test
    void doesNotPushWhatTheCartAlreadyHas() {
        var last = new CartPushRecorded("m1", "c1", "A-1", "P1", 7L, PushOutcome.PUSHED, null, T0, T0, T0);

        assertThat(plan(cart(true, "SKU"), List.of("P1"), Optional.empty(), Optional.of(last)).outcome())
                .isEqualTo(PushOutcome.UNCHANGED);
    }

    @Test
    void pushesAgainAfterAFailure() {
        var last = new CartPushRecorded("m1", "c1", "A-1", "P1", 7L, PushOutcome.FAILED, "HTTP 500", T0, null, T0);

        assertThat(plan(cart(true, "SKU"), List.of("P1"), Optional.empty(), Optional.of(last)).needsCall()).isTrue();
    }

    @Test
    void trustsANewerCatalogReadOverTheLastPush() {
        var last = new CartPushRecorded("m1", "c1", "A-1", "P1", 7L, PushOutcome.PUSHED, null, T0, T0, T0);
        var read = new CartProductObserved("m1", "c1", "A-1", true, true, "ref", 2L, T0.plusSeconds(5));

        assertThat(plan(cart(true, "SKU"), List.of("P1"), Optional.of(read), Optional.of(last)).needsCall()).isTrue();
    }

    @Test
    void reportsItemsTheCartDoesNotHaveOrDoesNotTrack() {
        var missing = new CartProductObserved("m1", "c1", "A-1", false, false, null, null, T0);
        var untracked = new CartProductObserved("m1", "c1", "A-1", true, false, "ref", null, T0);

        assertThat(plan(cart(true, "SKU"), List.of("P1"), Optional.of(missing), Optional.empty()).outcome())
                .isEqualTo(PushOutcome.NOT_IN_CART);
        assertThat(plan(cart(true, "SKU"), List.of("P1"), Optional.of(untracked), Optional.empty()).outcome())
                .isEqualTo(PushOutcome.TRACKING_DISABLED);
    }
}
