package io.invsync.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.invsync.events.CartLocation;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.ChannelRules;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.RuleOverride;
import io.invsync.rules.PushQuantity.Kind;
import io.invsync.rules.PushQuantity.Step;

/** The numbers of DESIGN §1. */
class QuantityRulesTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Duration HOLD = Duration.ofHours(2);
    static final CartLocation ALL = new CartLocation(null, List.of("ALL"));

    static CartSettingsChanged cart(long floor, ChannelRules rules, RuleOverride... overrides) {
        return new CartSettingsChanged("c1", "m1", CartType.WEBHOOK, "http://cart", null, "REF", true, "ALL", "SKU",
                floor, T0, null, rules, List.of(overrides));
    }

    static CartSettingsChanged cart(long floor) {
        return cart(floor, null);
    }

    static InventoryLevelChanged level(Map<String, WarehouseLevel> warehouses) {
        return new InventoryLevelChanged("m1", "P1", "A-1", Map.of("SKU", "A-1"), warehouses, null, T0);
    }

    static InventoryLevelChanged level(long available) {
        return level(Map.of("EAST", wl(available, 0, T0)));
    }

    static WarehouseLevel wl(long onHand, long allocated, Instant observedAt) {
        return new WarehouseLevel(onHand, allocated, onHand - allocated, observedAt, observedAt);
    }

    static PushQuantity compute(CartSettingsChanged cart, CartLocation location, InventoryLevelChanged level,
            List<CartOrderLineReceived> orders, Instant now) {
        return QuantityRules.compute(cart, location, level, level == null ? "A-1" : level.sku(), "A-1", orders, now,
                HOLD);
    }

    static long expected(CartSettingsChanged cart, long available) {
        return compute(cart, ALL, level(available), List.of(), T0).expected();
    }

    @Test
    void pushesZeroBelowTheFloorAndTheFullQuantityFromIt() {
        assertThat(expected(cart(5), 4)).isZero();
        assertThat(expected(cart(5), 5)).isEqualTo(5);
        assertThat(expected(cart(5), 9)).isEqualTo(9);
        assertThat(compute(cart(5), ALL, level(4), List.of(), T0).floorZeroed()).isTrue();
    }

    @Test
    void pushesZeroForNegativeAvailableOrMoreInFlightThanAvailable() {
        assertThat(expected(cart(0), -3)).isZero();
        var order = new CartOrderLineReceived("m1", "o1", "c1", "A-1", 5, T0.plusSeconds(1), T0);
        assertThat(compute(cart(0), ALL, level(2), List.of(order), T0.plusSeconds(2)).expected()).isZero();
    }

    @Test
    void appliesBufferThenPercentThenMaximumEachWithItsNumbers() {
        PushQuantity quantity = compute(cart(0, new ChannelRules(2L, 50, 3L)), ALL, level(10), List.of(), T0);

        assertThat(quantity.expected()).isEqualTo(3);
        assertThat(quantity.steps()).containsExactly(new Step(Kind.BUFFER, 2, 10, 8), new Step(Kind.PERCENT, 50, 8, 4),
                new Step(Kind.MAXIMUM, 3, 4, 3));
        assertThat(quantity.rulesChanged()).isTrue();
    }

    @Test
    void roundsThePercentDown() {
        assertThat(expected(cart(0, new ChannelRules(null, 50, null)), 7)).isEqualTo(3);
        assertThat(expected(cart(0, new ChannelRules(null, 33, null)), 10)).isEqualTo(3);
        assertThat(expected(cart(0, new ChannelRules(null, 0, null)), 10)).isZero();
        assertThat(QuantityRules.percentOf(Long.MAX_VALUE, 99)).isEqualTo(Long.MAX_VALUE / 100 * 99
                + Long.MAX_VALUE % 100 * 99 / 100);
    }

    @Test
    void appliesTheFloorAfterTheRules() {
        // 10 − 2 = 8, 50 % → 4: below the floor 5, so 0
        assertThat(expected(cart(5, new ChannelRules(2L, 50, null)), 10)).isZero();
        assertThat(expected(cart(5, new ChannelRules(2L, null, null)), 10)).isEqualTo(8);
    }

    @Test
    void aBufferLargerThanTheStockLeavesZeroNotLess() {
        assertThat(expected(cart(0, new ChannelRules(20L, null, null)), 10)).isZero();
    }

    @Test
    void theFirstMatchingOverrideWinsAndFieldsLeftOutKeepTheCartsValues() {
        var cart = cart(0, new ChannelRules(2L, null, 100L),
                new RuleOverride("A-?", null, 50, null, null, null),
                new RuleOverride("A-*", null, null, 1L, null, null));

        PushQuantity quantity = compute(cart, ALL, level(10), List.of(), T0);

        assertThat(quantity.override().match()).isEqualTo("A-?");
        // the cart's buffer 2 and maximum 100 stay, the override's 50 % replaces the cart's 100
        assertThat(quantity.steps()).containsExactly(new Step(Kind.BUFFER, 2, 10, 8), new Step(Kind.PERCENT, 50, 8, 4),
                new Step(Kind.MAXIMUM, 100, 4, 4));
        assertThat(quantity.expected()).isEqualTo(4);
    }

    @Test
    void anOverridesFixedQuantityReplacesTheRulesAndTheFloorWhateverTheStock() {
        var stop = cart(5, new ChannelRules(2L, 50, 3L), new RuleOverride("A-1", null, null, null, null, 0L));
        var preOrder = cart(5, null, new RuleOverride("A-*", null, null, null, null, 25L));

        assertThat(expected(stop, 100)).isZero();
        assertThat(compute(stop, ALL, level(100), List.of(), T0).steps())
                .containsExactly(new Step(Kind.FIXED, 0, 100, 0));
        assertThat(expected(preOrder, 0)).isEqualTo(25);
        assertThat(compute(preOrder, ALL, null, List.of(), T0).expected()).isEqualTo(25);
    }

    @Test
    void anOverrideMayLowerTheFloor() {
        var cart = cart(5, null, new RuleOverride("A-1", null, null, null, 0L, null));

        assertThat(expected(cart, 4)).isEqualTo(4);
    }

    @Test
    void anOverrideMatchesTheSkuWhenTheCartPushesUnderAnotherAlias() {
        var cart = cart(0, null, new RuleOverride("A-1", null, null, 2L, null, null));

        PushQuantity byUpc = QuantityRules.compute(cart, ALL, level(10), "A-1", "0001", List.of(), T0, HOLD);

        assertThat(byUpc.expected()).isEqualTo(2);
    }

    @Test
    void noRuleMeansNoStep() {
        PushQuantity quantity = compute(cart(0), ALL, level(10), List.of(), T0);

        assertThat(quantity.steps()).isEmpty();
        assertThat(quantity.override()).isNull();
        assertThat(quantity.rulesChanged()).isFalse();
        assertThat(quantity.afterRules()).isEqualTo(10);
    }

    @Test
    void sumsAvailableNotOnHandOverTheLocationsWarehouses() {
        var level = level(Map.of("EAST", wl(10, 4, T0), "WEST", wl(3, 0, T0), "NORTH", wl(100, 0, T0)));

        PushQuantity east = compute(cart(0), new CartLocation("L1", List.of("EAST")), level, List.of(), T0);
        PushQuantity eastWest = compute(cart(0), new CartLocation("L2", List.of("EAST", "WEST")), level, List.of(), T0);
        PushQuantity all = compute(cart(0), ALL, level, List.of(), T0);

        assertThat(east.available()).isEqualTo(6);
        assertThat(east.onHand()).isEqualTo(10);
        assertThat(eastWest.available()).isEqualTo(9);
        assertThat(eastWest.availableByWarehouse()).containsOnlyKeys("EAST", "WEST");
        assertThat(all.available()).isEqualTo(109);
    }

    @Test
    void knowsNothingForALocationWhoseWarehousesNeverReportedTheProduct() {
        var level = level(Map.of("EAST", wl(10, 4, T0)));

        PushQuantity north = compute(cart(0), new CartLocation("L", List.of("NORTH")), level, List.of(), T0);

        assertThat(north.available()).isNull();
        assertThat(north.expected()).isNull();
        assertThat(north.known()).isFalse();
    }

    @Test
    void countsOnlyOrdersPlacedAfterTheLocationsSnapshotAsInFlight() {
        var before = new CartOrderLineReceived("m1", "o1", "c1", "A-1", 2, T0.minusSeconds(60), T0);
        var after = new CartOrderLineReceived("m1", "o2", "c1", "A-1", 3, T0.plusSeconds(60), T0);

        PushQuantity quantity = compute(cart(0), ALL, level(10), List.of(before, after), T0.plusSeconds(120));

        assertThat(quantity.inFlight()).isEqualTo(3);
        assertThat(quantity.oldestInFlightPlacedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(quantity.expected()).isEqualTo(7);
    }

    @Test
    void anOrderStopsHoldingStockOnceTheHoldLimitHasPassed() {
        var order = new CartOrderLineReceived("m1", "o1", "c1", "A-1", 3, T0.plusSeconds(60), T0);
        Instant holdEnds = T0.plusSeconds(60).plus(HOLD);

        assertThat(compute(cart(0), ALL, level(10), List.of(order), holdEnds.minusSeconds(1)).expected()).isEqualTo(7);
        assertThat(compute(cart(0), ALL, level(10), List.of(order), holdEnds).expected()).isEqualTo(10);
    }

    @Test
    void saysWhenTheFirstHoldEnds() {
        var early = new CartOrderLineReceived("m1", "o1", "c1", "A-1", 3, T0.plusSeconds(60), T0);
        var late = new CartOrderLineReceived("m1", "o2", "c1", "A-1", 1, T0.plusSeconds(600), T0);
        var known = new CartOrderLineReceived("m1", "o3", "c1", "A-1", 1, T0.minusSeconds(600), T0);

        assertThat(compute(cart(0), ALL, level(10), List.of(late, early, known), T0.plusSeconds(700)).holdEndsAt())
                .isEqualTo(T0.plusSeconds(60).plus(HOLD));
        assertThat(compute(cart(0), ALL, level(10), List.of(known), T0).holdEndsAt()).isNull();
    }
}
