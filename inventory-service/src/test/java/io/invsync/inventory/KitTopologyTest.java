package io.invsync.inventory;

import static io.invsync.inventory.TopologyFixture.MERCHANT;
import static io.invsync.inventory.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.Kit;
import io.invsync.events.InventoryLevelChanged.Kit.LimitingComponent;
import io.invsync.events.Keys;
import io.invsync.events.KitComponent;

/** Kits' levels from their components' levels, in the topology (TopologyTestDriver). */
class KitTopologyTest {

    private static final String GIFT = Keys.product(MERCHANT, "P-GIFT");
    private static final List<KitComponent> MUG_AND_BOX = List.of(new KitComponent("MUG", 2),
            new KitComponent("BOX", 1));

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

    private void mugsAndBoxes() {
        kafka.product("P-MUG", "MUG", Map.of(), T0);
        kafka.product("P-BOX", "BOX", Map.of(), T0);
        kafka.stock("P-MUG", "MUG", "WH-1", 7, T0);
        kafka.stock("P-BOX", "BOX", "WH-1", 5, T0);
        kafka.stock("P-MUG", "MUG", "WH-2", 10, T0);
        kafka.stock("P-BOX", "BOX", "WH-2", 1, T0);
    }

    @Test
    void aKitsLevelIsTheLeastItsComponentsAllowInEachWarehousePlusItsOwnStock() {
        mugsAndBoxes();
        kafka.product("P-GIFT", "GIFT", Map.of(), MUG_AND_BOX, null, T0);

        InventoryLevelChanged gift = kafka.latestLevels().get(GIFT);
        assertThat(gift.warehouses().get("WH-1").available()).isEqualTo(3);
        assertThat(gift.warehouses().get("WH-2").available()).isEqualTo(1);
        assertThat(gift.total().available()).isEqualTo(4);
        assertThat(gift.kit().components()).containsExactly(new Kit.Component("MUG", 2, "P-MUG"),
                new Kit.Component("BOX", 1, "P-BOX"));
        assertThat(gift.kit().warehouses().get("WH-1").limiting())
                .isEqualTo(new LimitingComponent("MUG", "P-MUG", 7, 2, 3));
        assertThat(gift.kit().warehouses().get("WH-2").limiting())
                .isEqualTo(new LimitingComponent("BOX", "P-BOX", 1, 1, 1));
        assertThat(gift.kit().warehouses().get("WH-1").own()).isNull();

        kafka.stock("P-GIFT", "GIFT", "WH-1", 2, T0.plusSeconds(1));

        gift = kafka.latestLevels().get(GIFT);
        assertThat(gift.warehouses().get("WH-1").available()).as("3 assembled + 2 of its own").isEqualTo(5);
        assertThat(gift.warehouses().get("WH-1").onHand()).isEqualTo(5);
        assertThat(gift.kit().warehouses().get("WH-1").assembled()).isEqualTo(3);
        assertThat(gift.kit().warehouses().get("WH-1").own().available()).isEqualTo(2);
        assertThat(gift.total().available()).isEqualTo(6);
    }

    @Test
    void aComponentsChangeRepublishesTheKitWithoutTheKitBeingPushedAgain() {
        mugsAndBoxes();
        kafka.product("P-GIFT", "GIFT", Map.of(), MUG_AND_BOX, null, T0);
        kafka.levelEvents();

        kafka.stock("P-MUG", "MUG", "WH-1", 3, T0.plusSeconds(60));

        List<TestRecord<String, InventoryLevelChanged>> published = kafka.levelEvents();
        assertThat(published).extracting(TestRecord::key).containsExactlyInAnyOrder(
                Keys.product(MERCHANT, "P-MUG"), GIFT);
        InventoryLevelChanged gift = published.stream().filter(r -> r.key().equals(GIFT)).findFirst().orElseThrow()
                .value();
        assertThat(gift.warehouses().get("WH-1").available()).isEqualTo(1);
        assertThat(gift.warehouses().get("WH-2").available()).isEqualTo(1);
        assertThat(gift.total().available()).isEqualTo(2);
        assertThat(gift.kit().warehouses().get("WH-1").limiting())
                .isEqualTo(new LimitingComponent("MUG", "P-MUG", 3, 2, 1));
        assertThat(gift.warehouses().get("WH-1").observedAt()).as("as old as its oldest part").isEqualTo(T0);
    }

    @Test
    void aChangeThatLeavesTheKitAsItWasDoesNotRepublishIt() {
        mugsAndBoxes();
        kafka.product("P-GIFT", "GIFT", Map.of(), MUG_AND_BOX, null, T0);
        kafka.levelEvents();

        // WH-2: MUG 10 → 11 allows 5 kits, BOX still limits to 1, at the same observedAt
        kafka.stock("P-MUG", "MUG", "WH-2", 11, T0);

        assertThat(kafka.levelEvents()).extracting(TestRecord::key).containsExactly(Keys.product(MERCHANT, "P-MUG"));
    }

    @Test
    void anUnknownComponentIsPublishedWithoutAProductAndAllowsNoKitsUntilItBecomesKnown() {
        kafka.product("P-MUG", "MUG", Map.of(), T0);
        kafka.stock("P-MUG", "MUG", "WH-1", 7, T0);
        kafka.product("P-GIFT", "GIFT", Map.of(), MUG_AND_BOX, null, T0);
        kafka.stock("P-GIFT", "GIFT", "WH-1", 1, T0);

        InventoryLevelChanged gift = kafka.latestLevels().get(GIFT);
        assertThat(gift.kit().components()).containsExactly(new Kit.Component("MUG", 2, "P-MUG"),
                new Kit.Component("BOX", 1, null));
        assertThat(gift.kit().warehouses().get("WH-1").limiting())
                .isEqualTo(new LimitingComponent("BOX", null, 0, 1, 0));
        assertThat(gift.warehouses().get("WH-1").available()).as("only its own stock").isEqualTo(1);

        // BOX arrives (quantities only, no description): it resolves through its SKU, and the kit follows
        kafka.stock("P-BOX", "BOX", "WH-1", 5, T0.plusSeconds(1));

        gift = kafka.latestLevels().get(GIFT);
        assertThat(gift.kit().components()).contains(new Kit.Component("BOX", 1, "P-BOX"));
        assertThat(gift.warehouses().get("WH-1").available()).isEqualTo(3 + 1);
    }

    @Test
    void aComponentThatIsItselfAKitCountsAsUnknown() {
        mugsAndBoxes();
        kafka.product("P-GIFT", "GIFT", Map.of(), MUG_AND_BOX, null, T0);
        kafka.product("P-HAMPER", "HAMPER", Map.of(), List.of(new KitComponent("GIFT", 1)), null, T0);

        InventoryLevelChanged hamper = kafka.latestLevels().get(Keys.product(MERCHANT, "P-HAMPER"));
        assertThat(hamper.kit().components()).containsExactly(new Kit.Component("GIFT", 1, null));
        assertThat(hamper.total().available()).isZero();
    }

    @Test
    void aKitThatDropsItsComponentsIsPublishedAsAPlainProductAndNoLongerFollowsThem() {
        mugsAndBoxes();
        kafka.product("P-GIFT", "GIFT", Map.of(), MUG_AND_BOX, null, T0);
        kafka.stock("P-GIFT", "GIFT", "WH-1", 2, T0);
        kafka.product("P-GIFT", "GIFT", Map.of(), List.of(), null, T0.plusSeconds(1));

        InventoryLevelChanged gift = kafka.latestLevels().get(GIFT);
        assertThat(gift.kit()).isNull();
        assertThat(gift.total().available()).isEqualTo(2);

        kafka.stock("P-MUG", "MUG", "WH-1", 1, T0.plusSeconds(2));
        assertThat(kafka.levelEvents()).extracting(TestRecord::key).containsExactly(Keys.product(MERCHANT, "P-MUG"));
    }

    @Test
    void aDescriptionWithoutComponentsKeepsTheKitsComponents() {
        mugsAndBoxes();
        kafka.product("P-GIFT", "GIFT", Map.of("UPC", "0009"), MUG_AND_BOX, null, T0);
        kafka.product("P-GIFT", "GIFT", Map.of(), null, Set.of(), T0.plusSeconds(1));
        kafka.stock("P-BOX", "BOX", "WH-1", 0, T0.plusSeconds(2));

        InventoryLevelChanged gift = kafka.latestLevels().get(GIFT);
        assertThat(gift.kit().components()).hasSize(2);
        assertThat(gift.aliases()).containsEntry("UPC", "0009");
        assertThat(gift.warehouses().get("WH-1").available()).isZero();
    }
}
