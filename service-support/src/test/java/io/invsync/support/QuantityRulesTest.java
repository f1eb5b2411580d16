package io.invsync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;

class QuantityRulesTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Duration HOLD = Duration.ofHours(2);

    static CartSettingsChanged cart(String warehouse, long floor) {
        return new CartSettingsChanged("c1", "m1", CartType.WEBHOOK, "http://cart", null, "REF", true, warehouse,
                "SKU", floor, T0);
    }

    static InventoryLevelChanged level(Map<String, WarehouseLevel> warehouses) {
        return new InventoryLevelChanged("m1", "P1", "A-1", Map.of("SKU", "A-1"), warehouses, null, T0);
    }

    static WarehouseLevel wl(long onHand, long allocated, Instant observedAt) {
        return new WarehouseLevel(onHand, allocated, onHand - allocated, observedAt, observedAt);
    }

    @Test
    void pushesZeroWhenBelowMinimumInventoryLevel() {
        assertThat(QuantityRules.toPush(4, 0, 5)).isZero();
    }

    @Test
    void pushesTheFullQuantityAtOrAboveTheFloor() {
        assertThat(QuantityRules.toPush(5, 0, 5)).isEqualTo(5);
        assertThat(QuantityRules.toPush(9, 0, 5)).isEqualTo(9);
    }

    @Test
    void neverPushesANegativeQuantity() {
        assertThat(QuantityRules.toPush(-3, 0, 0)).isZero();
        assertThat(QuantityRules.toPush(2, 5, 0)).isZero();
    }

    @Test
    void subtractsInFlightOrdersBeforeTheFloor() {
        // 7 available, 3 ordered in the cart since the snapshot: 4 left, below a floor of 5
        assertThat(QuantityRules.toPush(7, 3, 5)).isZero();
        assertThat(QuantityRules.toPush(7, 3, 0)).isEqualTo(4);
    }

    @Test
    void usesAvailableNotOnHandOfTheCartsWarehouse() {
        var level = level(Map.of("EAST", wl(10, 4, T0), "WEST", wl(3, 0, T0)));

        assertThat(QuantityRules.available(cart("EAST", 0), level)).isEqualTo(6);
        assertThat(QuantityRules.available(cart("WEST", 0), level)).isEqualTo(3);
    }

    @Test
    void sumsAvailableOverEveryWarehouseForAll() {
        var level = level(Map.of("EAST", wl(10, 4, T0), "WEST", wl(3, 0, T0)));

        assertThat(QuantityRules.available(cart("ALL", 0), level)).isEqualTo(9);
    }

    @Test
    void knowsNothingForAWarehouseThatNeverReportedTheProduct() {
        var level = level(Map.of("EAST", wl(10, 4, T0)));

        assertThat(QuantityRules.available(cart("NORTH", 0), level)).isNull();
    }

    @Test
    void countsOnlyOrdersPlacedAfterTheSnapshotAsInFlight() {
        var before = new CartOrderLineReceived("m1", "o1", "c1", "A-1", 2, T0.minusSeconds(60), T0);
        var after = new CartOrderLineReceived("m1", "o2", "c1", "A-1", 3, T0.plusSeconds(60), T0);

        assertThat(QuantityRules.inFlight(T0, List.of(before, after), T0.plusSeconds(120), HOLD)).isEqualTo(3);
    }

    @Test
    void anOrderStopsHoldingStockOnceTheHoldLimitHasPassed() {
        var order = new CartOrderLineReceived("m1", "o1", "c1", "A-1", 3, T0.plusSeconds(60), T0);
        Instant holdEnds = T0.plusSeconds(60).plus(HOLD);

        assertThat(QuantityRules.inFlight(T0, List.of(order), holdEnds.minusSeconds(1), HOLD)).isEqualTo(3);
        assertThat(QuantityRules.inFlight(T0, List.of(order), holdEnds, HOLD)).isZero();
        assertThat(QuantityRules.toPush(10, QuantityRules.inFlight(T0, List.of(order), holdEnds, HOLD), 0))
                .isEqualTo(10);
    }

    @Test
    void saysWhenTheFirstHoldEnds() {
        var early = new CartOrderLineReceived("m1", "o1", "c1", "A-1", 3, T0.plusSeconds(60), T0);
        var late = new CartOrderLineReceived("m1", "o2", "c1", "A-1", 1, T0.plusSeconds(600), T0);
        var known = new CartOrderLineReceived("m1", "o3", "c1", "A-1", 1, T0.minusSeconds(600), T0);

        assertThat(QuantityRules.nextHoldEnd(T0, List.of(late, early, known), T0.plusSeconds(700), HOLD))
                .isEqualTo(T0.plusSeconds(60).plus(HOLD));
        assertThat(QuantityRules.nextHoldEnd(T0, List.of(known), T0, HOLD)).isNull();
    }
}
