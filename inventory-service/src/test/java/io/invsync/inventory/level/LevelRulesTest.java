package io.invsync.inventory.level;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.ProductObserved;

class LevelRulesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static AvailableQuantityObserved observed(String warehouse, long onHand, long allocated, long available,
            Instant at) {
        return new AvailableQuantityObserved("m", warehouse, "P1", "A-1", onHand, allocated, available, at, "run");
    }

    @Test
    void anObservationMadeBeforeTheHeldOneIsStale() {
        assertThat(LevelRules.isStale(T0, T0.minusMillis(1))).isTrue();
        assertThat(LevelRules.isStale(T0, T0)).isFalse();
        assertThat(LevelRules.isStale(T0, T0.plusMillis(1))).isFalse();
        assertThat(LevelRules.isStale(null, T0)).isFalse();
    }

    @Test
    void aStaleQuantityChangesNothing() {
        LevelChange first = LevelRules.applyQuantity(null, observed("EAST", 10, 0, 10, T0), T0);
        assertThat(LevelRules.applyQuantity(first.after(), observed("EAST", 3, 0, 3, T0.minusSeconds(1)), T0)).isNull();
    }

    @Test
    void aStaleQuantityInOneWarehouseDoesNotHideANewOneInAnother() {
        LevelChange east = LevelRules.applyQuantity(null, observed("EAST", 10, 0, 10, T0), T0);
        LevelChange west = LevelRules.applyQuantity(east.after(), observed("WEST", 4, 1, 3, T0.minusSeconds(60)), T0);

        assertThat(west.after().warehouses()).containsOnlyKeys("EAST", "WEST");
        assertThat(west.after().total().available()).isEqualTo(13);
        assertThat(west.loadedWarehouse()).isEqualTo("WEST");
    }

    @Test
    void keepsTheAvailableQuantityTheWmsSentEvenWhenNegative() {
        LevelChange change = LevelRules.applyQuantity(null, observed("EAST", 2, 5, -3, T0), T0.plusSeconds(1));

        var level = change.after().warehouses().get("EAST");
        assertThat(level.available()).isEqualTo(-3);
        assertThat(level.loadedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void aRedeliveredQuantityChangesNothing() {
        LevelChange first = LevelRules.applyQuantity(null, observed("EAST", 10, 0, 10, T0), T0);
        assertThat(LevelRules.applyQuantity(first.after(), observed("EAST", 10, 0, 10, T0), T0)).isNull();
    }

    @Test
    void aNewerObservationOfTheSameProductIsKeptButNotPublished() {
        LevelChange first = LevelRules.applyProduct(null, "m", "P1",
                new ProductObserved("m", "P1", "A-1", Map.of("UPC", "1"), T0));
        LevelChange again = LevelRules.applyProduct(first.after(), "m", "P1",
                new ProductObserved("m", "P1", "A-1", Map.of("UPC", "1"), T0.plusSeconds(5)));

        assertThat(first.publish()).isTrue();
        assertThat(again.publish()).isFalse();
        assertThat(again.after().productObservedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void theProductDescriptionReplacesTheSkuTakenFromQuantities() {
        LevelChange quantity = LevelRules.applyQuantity(null, observed("EAST", 1, 0, 1, T0), T0);
        LevelChange product = LevelRules.applyProduct(quantity.after(), "m", "P1",
                new ProductObserved("m", "P1", "A-2", Map.of(), T0));

        assertThat(quantity.after().aliases()).isEqualTo(Map.of("SKU", "A-1"));
        assertThat(product.after().sku()).isEqualTo("A-2");
        assertThat(product.after().aliases()).isEqualTo(Map.of("SKU", "A-2"));
        assertThat(product.publish()).isTrue();
    }
}
