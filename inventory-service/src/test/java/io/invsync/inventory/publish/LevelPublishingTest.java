package io.invsync.inventory.publish;

import static io.invsync.inventory.TopologyFixture.MERCHANT;
import static io.invsync.inventory.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Keys;
import io.invsync.events.KitComponent;
import io.invsync.inventory.TopologyFixture;

/** At most one level event per product per publish interval (TopologyTestDriver, wall clock advanced by hand). */
class LevelPublishingTest {

    private static final String MUG = Keys.product(MERCHANT, "P-MUG");

    @TempDir
    Path stateDir;

    private TopologyFixture kafka;

    @BeforeEach
    void start() {
        kafka = new TopologyFixture(stateDir);
    }

    @AfterEach
    void stop() {
        kafka.close();
    }

    @Test
    void aProductsWarehouseRowsWithinOneIntervalGiveOneLevelEventWithTheirTotal() {
        for (int w = 1; w <= 5; w++) {
            kafka.stock("P-MUG", "MUG", "WH-" + w, w, T0);
        }

        List<TestRecord<String, InventoryLevelChanged>> events = kafka.levelEvents();

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.key()).isEqualTo(MUG);
            assertThat(event.value().warehouses()).hasSize(5);
            assertThat(event.value().total().available()).isEqualTo(15);
            assertThat(event.value().runId()).isEqualTo("run-1");
        });
    }

    @Test
    void rowsInDifferentIntervalsGiveAnEventEachAndNothingIsRepublishedWithoutAChange() {
        kafka.stock("P-MUG", "MUG", "WH-1", 4, T0);
        assertThat(kafka.levelEvents()).singleElement().satisfies(
                event -> assertThat(event.value().total().available()).isEqualTo(4));

        kafka.stock("P-MUG", "MUG", "WH-2", 6, T0);
        assertThat(kafka.levelEvents()).singleElement().satisfies(
                event -> assertThat(event.value().total().available()).isEqualTo(10));

        assertThat(kafka.levelEvents()).isEmpty();
    }

    @Test
    void aKitWhoseComponentChangesTwiceInAnIntervalIsPublishedOnceWithTheLastLevel() {
        kafka.product("P-MUG", "MUG", Map.of(), T0);
        kafka.stock("P-MUG", "MUG", "WH-1", 4, T0);
        kafka.product("P-GIFT", "GIFT", Map.of(), List.of(new KitComponent("MUG", 2)), null, T0);
        kafka.levelEvents();

        kafka.stock("P-MUG", "MUG", "WH-1", 6, T0.plusSeconds(1));
        kafka.stock("P-MUG", "MUG", "WH-1", 8, T0.plusSeconds(2));

        Map<String, List<Long>> totals = new java.util.TreeMap<>();
        kafka.levelEvents().forEach(event -> totals.computeIfAbsent(event.key(), key -> new java.util.ArrayList<>())
                .add(event.value().total().available()));
        assertThat(totals).isEqualTo(Map.of(Keys.product(MERCHANT, "P-GIFT"), List.of(4L), MUG, List.of(8L)));
    }

    @Test
    void aProductDeletedInTheIntervalOfItsLastChangeIsPublishedAsATombstoneOnly() {
        kafka.product("P-MUG", "MUG", Map.of("UPC", "0001"), T0);
        kafka.levelEvents();

        kafka.product("P-MUG", "MUG", Map.of("UPC", "0002"), T0.plusSeconds(1));
        kafka.deleteProduct("P-MUG"); // a product with no levels: gone

        assertThat(kafka.levelEvents()).singleElement().satisfies(event -> {
            assertThat(event.key()).isEqualTo(MUG);
            assertThat(event.value()).isNull();
        });
    }
}
