package io.invsync.inventory;

import static io.invsync.inventory.TopologyFixture.MERCHANT;
import static io.invsync.inventory.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.DeadLetterHeaders;
import io.invsync.events.EventFormatException;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Keys;
import io.invsync.events.Limits;
import io.invsync.events.Topics;
import io.invsync.inventory.level.LevelTopology;

class InventoryTopologyTest {

    private static final String P1 = Keys.product(MERCHANT, "P1");

    @TempDir
    Path stateDir;

    private TopologyFixture kafka;

    @BeforeEach
    void start() {
        kafka = new TopologyFixture(stateDir.resolve("first"));
    }

    @AfterEach
    void stop() {
        kafka.close();
    }

    @Test
    void keepsTheNewerLevelWhenAnOlderObservationArrivesLate() {
        kafka.quantity("P1", "EAST", 10, 2, T0.plusSeconds(60), T0.plusSeconds(61));
        kafka.quantity("P1", "EAST", 99, 0, T0.plusSeconds(30), T0.plusSeconds(62));

        List<TestRecord<String, InventoryLevelChanged>> published = kafka.levelEvents();
        assertThat(published).hasSize(1);
        InventoryLevelChanged.WarehouseLevel east = published.get(0).value().warehouses().get("EAST");
        assertThat(east.onHand()).isEqualTo(10);
        assertThat(east.available()).isEqualTo(8);
        assertThat(east.observedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(east.loadedAt()).as("loadedAt is the record timestamp").isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void theLaterArrivingObservationWinsWhenBothWereObservedAtTheSameTime() {
        kafka.quantity("P1", "EAST", 10, 0, T0, T0.plusSeconds(1));
        kafka.quantity("P1", "EAST", 7, 0, T0, T0.plusSeconds(2));

        assertThat(kafka.latestLevels().get(P1).warehouses().get("EAST").onHand()).isEqualTo(7);
    }

    @Test
    void totalsAProductInThreeWarehouses() {
        kafka.product("P1", "A-1", Map.of("UPC", "0001"), T0);
        kafka.quantity("P1", "EAST", 10, 2, T0, T0.plusSeconds(1));
        kafka.quantity("P1", "WEST", 5, 0, T0, T0.plusSeconds(2));
        kafka.quantity("P1", "NORTH", 1, 4, T0, T0.plusSeconds(3));

        InventoryLevelChanged level = kafka.latestLevels().get(P1);
        assertThat(level.warehouses()).containsOnlyKeys("EAST", "NORTH", "WEST");
        assertThat(level.total()).isEqualTo(new InventoryLevelChanged.Total(16, 6, 10));
        assertThat(level.warehouses().get("NORTH").available()).as("negative available is kept in state").isEqualTo(-3);
        assertThat(level.sku()).isEqualTo("A-1");
        assertThat(level.aliases()).containsEntry("UPC", "0001").containsEntry("SKU", "A-1");
    }

    @Test
    void republishesTheLevelWhenTheProductsAliasesChangeButNotWhenTheSameProductIsObservedAgain() {
        kafka.product("P1", "A-1", Map.of("UPC", "0001"), T0);
        kafka.quantity("P1", "EAST", 10, 0, T0, T0);
        kafka.levelEvents();

        kafka.product("P1", "A-1", Map.of("UPC", "0001"), T0.plusSeconds(60));
        assertThat(kafka.levelEvents()).isEmpty();

        kafka.product("P1", "A-1", Map.of("UPC", "0002"), T0.plusSeconds(120));
        List<TestRecord<String, InventoryLevelChanged>> published = kafka.levelEvents();
        assertThat(published).hasSize(1);
        assertThat(published.get(0).value().aliases()).containsEntry("UPC", "0002");
        assertThat(published.get(0).value().warehouses()).containsKey("EAST");
    }

    @Test
    void ignoresAProductDescriptionOlderThanTheOneHeld() {
        kafka.product("P1", "A-1", Map.of("UPC", "0002"), T0.plusSeconds(60));
        kafka.product("P1", "A-1", Map.of("UPC", "0001"), T0);

        assertThat(kafka.latestLevels().get(P1).aliases()).containsEntry("UPC", "0002");
        assertThat(kafka.latestAliases()).containsOnlyKeys(alias("UPC", "0002"), alias("SKU", "A-1"));
    }

    @Test
    void namesAProductByTheSkuOfItsQuantitiesUntilItsDescriptionArrives() {
        kafka.quantity("P1", "EAST", 3, 0, T0, T0);

        assertThat(kafka.latestLevels().get(P1).sku()).isEqualTo("SKU-P1");
        assertThat(kafka.latestAliases().get(alias("SKU", "SKU-P1")).productIds()).containsExactly("P1");
    }

    @Test
    void movesAnAliasValueWhenTheProductsAliasChanges() {
        kafka.product("P1", "A-1", Map.of("UPC", "0001"), T0);
        kafka.product("P1", "A-1", Map.of("UPC", "0002"), T0.plusSeconds(1));

        Map<String, AliasIndexChanged> index = kafka.latestAliases();
        assertThat(index.get(alias("UPC", "0001")).productIds()).isEmpty();
        assertThat(index.get(alias("UPC", "0002")).productIds()).containsExactly("P1");
    }

    @Test
    void retractsAnAliasTheProductRemovesAndNamesItAsTheFormerHolder() {
        kafka.product("P1", "A-1", Map.of("UPC", "0001", "MPN", "M-1"), T0);
        kafka.product("P1", "A-1", Map.of(), null, java.util.Set.of("MPN"), T0.plusSeconds(1));

        Map<String, AliasIndexChanged> index = kafka.latestAliases();
        assertThat(index.get(alias("MPN", "M-1")).productIds()).isEmpty();
        assertThat(index.get(alias("MPN", "M-1")).formerProductIds()).containsExactly("P1");
        assertThat(index.get(alias("MPN", "M-1")).observedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(index.get(alias("UPC", "0001")).productIds()).containsExactly("P1");
        assertThat(kafka.latestLevels().get(P1).aliases()).containsOnlyKeys("SKU", "UPC");
    }

    @Test
    void keepsAnAliasThatALaterDescriptionDoesNotMention() {
        kafka.product("P1", "A-1", Map.of("UPC", "0001"), T0);
        kafka.product("P1", "A-1", Map.of("MPN", "M-1"), T0.plusSeconds(1));

        assertThat(kafka.latestLevels().get(P1).aliases()).containsEntry("UPC", "0001").containsEntry("MPN", "M-1");
        Map<String, AliasIndexChanged> index = kafka.latestAliases();
        assertThat(index.get(alias("UPC", "0001")).productIds()).containsExactly("P1");
        assertThat(aliasStore().get(alias("UPC", "0001")).productIds()).containsExactly("P1");
        assertThat(index.get(alias("MPN", "M-1")).productIds()).containsExactly("P1");
    }

    @Test
    void flagsTwoProductsWithTheSameAliasValueAsADuplicateUntilOneChanges() {
        kafka.product("P1", "A-1", Map.of("UPC", "0001"), T0);
        kafka.product("P2", "B-2", Map.of("UPC", "0001"), T0);

        AliasIndexChanged duplicate = kafka.latestAliases().get(alias("UPC", "0001"));
        assertThat(duplicate.productIds()).containsExactly("P1", "P2");
        assertThat(duplicate.duplicate()).isTrue();

        kafka.product("P2", "B-2", Map.of("UPC", "0002"), T0.plusSeconds(1));

        AliasIndexChanged resolved = kafka.latestAliases().get(alias("UPC", "0001"));
        assertThat(resolved.productIds()).containsExactly("P1");
        assertThat(resolved.duplicate()).isFalse();
        assertThat(aliasStore().get(alias("UPC", "0002")).productIds()).containsExactly("P2");
    }

    @Test
    void retractsEveryAliasOfADeletedProduct() {
        kafka.product("P1", "A-1", Map.of("UPC", "0001"), T0);
        kafka.deleteProduct("P1");

        Map<String, AliasIndexChanged> index = kafka.latestAliases();
        assertThat(index.get(alias("UPC", "0001")).productIds()).isEmpty();
        assertThat(index.get(alias("SKU", "A-1")).productIds()).isEmpty();
        Map<String, InventoryLevelChanged> levels = kafka.latestLevels();
        assertThat(levels).containsKey(P1);
        assertThat(levels.get(P1)).as("a product with no levels left is a tombstone").isNull();
    }

    @Test
    void sendsAnUnreadableRecordToItsDeadLetterTopicAndGoesOn() {
        kafka.raw(Topics.AVAILABLE_QUANTITIES, P1, "{\"merchantId\":\"demo\",\"onHand\":\"lots\"");
        kafka.quantity("P1", "EAST", 4, 0, T0, T0);

        List<TestRecord<String, byte[]>> dead = kafka.deadLetters(Topics.AVAILABLE_QUANTITIES);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo(P1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).startsWith("{\"merchantId\":\"demo\"");
        assertThat(header(dead.get(0), DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(EventFormatException.class.getName());
        assertThat(header(dead.get(0), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains(Topics.AVAILABLE_QUANTITIES);
        assertThat(header(dead.get(0), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.AVAILABLE_QUANTITIES);
        assertThat(kafka.latestLevels().get(P1).total().available()).isEqualTo(4);
    }

    @Test
    void deadLettersTheThousandAndFirstWarehouseOfAProductAndGoesOn() {
        for (int i = 0; i < Limits.MAX_WAREHOUSES; i++) {
            kafka.quantity("P1", "W" + i, 1, 0, T0, T0);
        }
        kafka.levelEvents();

        kafka.quantity("P1", "W-ONE-TOO-MANY", 5, 0, T0, T0.plusSeconds(1));
        kafka.quantity("P1", "W7", 3, 0, T0.plusSeconds(2), T0.plusSeconds(2));
        kafka.quantity("P2", "EAST", 4, 0, T0, T0.plusSeconds(3));

        List<TestRecord<String, byte[]>> dead = kafka.deadLetters(Topics.AVAILABLE_QUANTITIES);
        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(letter.key()).isEqualTo(P1);
            assertThat(header(letter, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("warehouseId", "1000 warehouses");
        });
        Map<String, InventoryLevelChanged> levels = kafka.latestLevels();
        assertThat(levels.get(P1).warehouses()).hasSize(Limits.MAX_WAREHOUSES).doesNotContainKey("W-ONE-TOO-MANY");
        assertThat(levels.get(P1).warehouses().get("W7").onHand()).isEqualTo(3);
        assertThat(levels.get(Keys.product(MERCHANT, "P2")).total().available()).isEqualTo(4);
    }

    @Test
    void deadLettersAProductWithA2MegabyteAliasValueAndGoesOn() {
        kafka.product("P1", "A-1", Map.of("UPC", "U".repeat(2 * 1024 * 1024)), T0);
        kafka.product("P2", "A-2", Map.of("UPC", "0002"), T0);

        List<TestRecord<String, byte[]>> dead = kafka.deadLetters(Topics.PRODUCTS);
        assertThat(dead).singleElement().satisfies(letter -> assertThat(header(letter,
                DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("aliases.UPC", "at most 256", "(2097152 characters)")
                .hasSizeLessThan(1000));
        assertThat(kafka.latestLevels()).containsOnlyKeys(Keys.product(MERCHANT, "P2"));
    }

    @Test
    void deadLettersAProductWhoseLevelEventWouldPassTheEventSizeLimitAndKeepsItsLevel() {
        kafka.product("P1", "A-1", Map.of("UPC", "0001"), T0);
        kafka.quantity("P1", "EAST", 4, 0, T0, T0);
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 1500; i++) {
            many.put("ALIAS_" + i, "v".repeat(200));
        }
        kafka.product("P1", "A-1", many, T0.plusSeconds(1));
        kafka.quantity("P1", "EAST", 6, 0, T0.plusSeconds(2), T0.plusSeconds(2));

        List<TestRecord<String, byte[]>> dead = kafka.deadLetters(Topics.PRODUCTS);
        assertThat(dead).singleElement().satisfies(letter -> assertThat(header(letter,
                DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("aliases", "more than the limit of 262144"));
        InventoryLevelChanged level = kafka.latestLevels().get(P1);
        assertThat(level.aliases()).containsEntry("UPC", "0001").hasSize(2);
        assertThat(level.total().available()).isEqualTo(6);
    }

    @Test
    void deadLettersARecordWhoseKeyDoesNotMatchItsValue() {
        kafka.raw(Topics.PRODUCTS, Keys.product(MERCHANT, "OTHER"), """
                {"merchantId":"demo","productId":"P1","sku":"A-1","observedAt":"2026-03-01T10:00:00Z"}""");
        kafka.raw(Topics.PRODUCTS, P1, """
                {"merchantId":"demo","productId":"P1","sku":"A-1","aliases":{"UP/C":"1"},"observedAt":"2026-03-01T10:00:00Z"}""");

        List<TestRecord<String, byte[]>> dead = kafka.deadLetters(Topics.PRODUCTS);
        assertThat(dead).hasSize(2);
        assertThat(header(dead.get(0), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("field 'key'");
        assertThat(header(dead.get(1), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("aliases.UP/C");
        assertThat(kafka.latestLevels()).isEmpty();
    }

    @Test
    void replayingTheInputsFromTheStartGivesTheSameState() {
        Consumer<TopologyFixture> inputs = fixture -> {
            fixture.product("P1", "A-1", Map.of("UPC", "0001"), T0);
            fixture.product("P2", "B-2", Map.of("UPC", "0001"), T0);
            fixture.quantity("P1", "EAST", 10, 1, T0.plusSeconds(10), T0.plusSeconds(11));
            fixture.quantity("P1", "EAST", 8, 1, T0.plusSeconds(5), T0.plusSeconds(12));
            fixture.quantity("P1", "EAST", 9, 1, T0.plusSeconds(10), T0.plusSeconds(13));
            fixture.quantity("P2", "WEST", 3, 0, T0.plusSeconds(10), T0.plusSeconds(14));
            fixture.product("P2", "B-2", Map.of("UPC", "0002"), T0.plusSeconds(20));
            fixture.product("K1", "KIT-1", Map.of(), List.of(new io.invsync.events.KitComponent("A-1", 2),
                    new io.invsync.events.KitComponent("NOT-YET", 1)), null, T0.plusSeconds(21));
            fixture.quantity("P1", "WEST", 4, 0, T0.plusSeconds(22), T0.plusSeconds(22));
        };
        inputs.accept(kafka);
        Map<String, Object> firstRun = storeContents(kafka);

        try (TopologyFixture replay = new TopologyFixture(stateDir.resolve("replay"))) {
            inputs.accept(replay);
            assertThat(storeContents(replay)).isEqualTo(firstRun);
        }
        assertThat(firstRun).isNotEmpty();
    }

    private static Map<String, Object> storeContents(TopologyFixture fixture) {
        Map<String, Object> contents = new HashMap<>();
        for (String store : List.of(LevelTopology.STORE, "alias-index", "warehouses", "kit-levels", "kit-uses")) {
            KeyValueStore<String, Object> kv = fixture.driver().getKeyValueStore(store);
            try (KeyValueIterator<String, Object> all = kv.all()) {
                all.forEachRemaining((KeyValue<String, Object> entry) -> contents.put(store + ":" + entry.key, entry.value));
            }
        }
        return contents;
    }

    private KeyValueStore<String, AliasIndexChanged> aliasStore() {
        return kafka.driver().getKeyValueStore("alias-index");
    }

    private static String alias(String name, String value) {
        return Keys.alias(MERCHANT, name, value);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
