package io.invsync.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:15:30Z");

    /** One sample event for every topic, so that a topic added without a sample fails {@link #everyTopicHasASample}. */
    static Map<String, Object> samples() {
        var level = new InventoryLevelChanged.WarehouseLevel(10, 3, 7, AT, AT.plusSeconds(1));
        return Map.ofEntries(
                Map.entry(Topics.MERCHANTS, new MerchantSettingsChanged("demo", "Demo Goods", InventorySync.ON,
                        Duration.ofMinutes(5), new MerchantSettingsChanged.Wms("HTTP_JSON", "http://wms", "DEMO_WMS"), AT)),
                Map.entry(Topics.INVENTORY_RUNS, new InventoryRunRecorded("demo", "run-1", RunTrigger.PUSH,
                        RunStatus.PARTIAL, AT, AT.plusSeconds(2), 3, 2, 1, null,
                        List.of(new InventoryRunRecorded.Rejection(2, "B-2", "onHand", "must not be negative")), AT)),
                Map.entry(Topics.MERCHANT_KEYS, new MerchantKeyIssued("key-1", "demo", KeyScope.READ,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", AT)),
                Map.entry(Topics.WAREHOUSES, new WarehouseObserved("demo", "WH-EAST", "East", AT)),
                Map.entry(Topics.PRODUCTS, new ProductObserved("demo", "P-1", "A-1", Map.of("UPC", "0123"), AT, null,
                        null, "run-1")),
                Map.entry(Topics.AVAILABLE_QUANTITIES,
                        new AvailableQuantityObserved("demo", "WH-EAST", "P-1", "A-1", 10, 3, 7, AT, "run-1")),
                Map.entry(Topics.CART_ORDERS,
                        new CartOrderLineReceived("demo", "o-1", "shop-1", "A-1", 2, AT, AT)),
                Map.entry(Topics.INVENTORY_LEVELS, new InventoryLevelChanged("demo", "P-1", "A-1",
                        Map.of("SKU", "A-1"), Map.of("WH-EAST", level), null, AT, null, "run-1")),
                Map.entry(Topics.RUNS_INDEXED, new InventoryRunIndexed("demo", "run-1", AT, AT)),
                Map.entry(Topics.ALIAS_INDEX, new AliasIndexChanged("demo", "UPC", "0123", List.of("P-2", "P-1"), AT)),
                Map.entry(Topics.CARTS, new CartSettingsChanged("shop-1", "demo", CartType.SHOPIFY,
                        "http://localhost:1", "gid://shopify/Location/1", "SHOP_TOKEN", true, "WH-EAST", "SKU", 5, AT)),
                Map.entry(Topics.CART_PRODUCTS,
                        new CartProductObserved("demo", "shop-1", "A-1", true, true, "gid://1", 7L, AT)),
                Map.entry(Topics.CART_PUSH_RESULTS, new CartPushRecorded("demo", "shop-1", "A-1", "P-1", 7L,
                        PushOutcome.PUSHED, null, AT, AT, AT)),
                Map.entry(Topics.dlq(Topics.PRODUCTS), new DeadLetter(Topics.PRODUCTS, 0, 42, "demo/P-1", "{",
                        "EventFormatException", "invalid record", AT)));
    }

    static Stream<Arguments> topicsAndSamples() {
        return samples().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void everyTopicHasASample() {
        assertThat(samples().keySet()).containsAll(Topics.ALL).hasSize(Topics.ALL.size() + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topicsAndSamples")
    void eachEventRoundTripsThroughJson(String topic, Object event) {
        byte[] json = EventJson.write(event);

        assertThat(EventJson.read(topic, json)).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topicsAndSamples")
    void eachEventRoundTripsThroughTheStoredBinaryFormAndIsSmallerThanItsJson(String topic, Object event) {
        @SuppressWarnings("unchecked")
        EventSerde<Object> stored = (EventSerde<Object>) EventSerde.stored(event.getClass());
        byte[] binary = stored.serializer().serialize(topic, event);

        assertThat(binary).startsWith(':', ')', '\n'); // Smile's header, not JSON text
        assertThat(stored.deserializer().deserialize(topic, binary)).isEqualTo(event);
        assertThat(binary.length).isLessThan(EventJson.write(event).length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topicsAndSamples")
    void theStoredFormReadsJsonWrittenBeforeIt(String topic, Object event) {
        @SuppressWarnings("unchecked")
        EventSerde<Object> stored = (EventSerde<Object>) EventSerde.stored(event.getClass());

        assertThat(stored.deserializer().deserialize(topic, EventJson.write(event))).isEqualTo(event);
    }

    @Test
    void aWrongTypeInTheStoredFormNamesTheTopicAndTheField() {
        var level = new InventoryLevelChanged.WarehouseLevel(10, 3, 7, AT, AT.plusSeconds(1));
        byte[] wrong = EventJson.writeStored(Map.of("merchantId", "demo", "productId", "P-1", "sku", "A-1",
                "warehouses", Map.of("WH-1", level), "observedAt", true));

        assertThatThrownBy(() -> EventSerde.stored(InventoryLevelChanged.class).deserializer()
                .deserialize("plan-levels-changelog", wrong))
                .isInstanceOfSatisfying(EventFormatException.class, e -> {
                    assertThat(e.topic()).isEqualTo("plan-levels-changelog");
                    assertThat(e.field()).isEqualTo("observedAt");
                });
    }

    /** The fields added for kits and merged aliases, each with a value, so a field the JSON drops fails here. */
    static Stream<Arguments> kitsAndAliasSamples() {
        var own = new InventoryLevelChanged.WarehouseLevel(2, 0, 2, AT, AT.plusSeconds(1));
        var kit = new InventoryLevelChanged.Kit(
                List.of(new InventoryLevelChanged.Kit.Component("MUG", 2, "P-MUG"),
                        new InventoryLevelChanged.Kit.Component("BOX", 1, null)),
                Map.of("WH-1", new InventoryLevelChanged.Kit.KitWarehouse(3,
                        new InventoryLevelChanged.Kit.LimitingComponent("MUG", "P-MUG", 7, 2, 3), own),
                        "WH-2", new InventoryLevelChanged.Kit.KitWarehouse(0,
                                new InventoryLevelChanged.Kit.LimitingComponent("BOX", null, 0, 1, 0), null)));
        var levels = Map.of("WH-1", new InventoryLevelChanged.WarehouseLevel(5, 0, 5, AT, AT.plusSeconds(1)));
        return Stream.of(
                Arguments.of(Topics.PRODUCTS, new ProductObserved("demo", "KIT-1", "GIFT", Map.of("UPC", "0009"), AT,
                        List.of(new KitComponent("MUG", 2), new KitComponent("BOX", 1)), java.util.Set.of("MPN"))),
                Arguments.of(Topics.PRODUCTS, new ProductObserved("demo", "P-1", "A-1", Map.of(), AT, List.of(),
                        java.util.Set.of())),
                Arguments.of(Topics.INVENTORY_LEVELS, new InventoryLevelChanged("demo", "KIT-1", "GIFT",
                        Map.of("SKU", "GIFT"), levels, null, AT, kit)),
                Arguments.of(Topics.ALIAS_INDEX, new AliasIndexChanged("demo", "UPC", "0001", List.of(), AT,
                        List.of("P-1"))));
    }

    @ParameterizedTest(name = "{0} {index}")
    @MethodSource("kitsAndAliasSamples")
    void kitsRemovedAliasesAndFormerProductsRoundTripThroughJson(String topic, Object event) {
        assertThat(EventJson.read(topic, EventJson.write(event))).isEqualTo(event);
    }

    @Test
    void writesKitComponentsAndFormerProductsAsPlainJson() {
        String product = new String(EventJson.write(new ProductObserved("demo", "KIT-1", "GIFT", Map.of(), AT,
                List.of(new KitComponent("MUG", 2)), java.util.Set.of("UPC"))), StandardCharsets.UTF_8);
        String alias = new String(EventJson.write(new AliasIndexChanged("demo", "UPC", "0001", List.of(), AT,
                List.of("P-1"))), StandardCharsets.UTF_8);

        assertThat(product).contains("\"components\":[{\"sku\":\"MUG\",\"quantity\":2}]")
                .contains("\"removedAliases\":[\"UPC\"]");
        assertThat(alias).contains("\"productIds\":[]").contains("\"formerProductIds\":[\"P-1\"]");
    }

    @Test
    void anEventWrittenBeforeKitsReadsAsNoKitAndNoRemovedAliases() {
        String json = """
                {"merchantId":"demo","productId":"P-1","sku":"A-1","aliases":{"UPC":"0123"},
                 "observedAt":"2026-11-27T10:15:30Z"}""";

        ProductObserved product = EventJson.read(Topics.PRODUCTS, json.getBytes(StandardCharsets.UTF_8),
                ProductObserved.class);

        assertThat(product.components()).as("not mentioned: the known components are kept").isNull();
        assertThat(product.kit()).isFalse();
        assertThat(product.removedAliases()).isEmpty();
    }

    @Test
    void aKitComponentOutOfBoundsNamesItsPath() {
        String json = """
                {"merchantId":"demo","productId":"K","sku":"KIT","observedAt":"2026-11-27T10:15:30Z",
                 "components":[{"sku":"MUG","quantity":2},{"sku":"BOX","quantity":0}]}""";

        assertThatThrownBy(() -> EventJson.read(Topics.PRODUCTS, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EventFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("components[1].quantity");
                    assertThat(e.getMessage()).contains("from 1 to 1000000");
                });
    }

    @Test
    void aKitMayNotContainItselfNorMoreThanAHundredComponents() {
        assertThatThrownBy(() -> new ProductObserved("demo", "K", "KIT", Map.of(), AT,
                List.of(new KitComponent("MUG", 1), new KitComponent("KIT", 1)), null))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("components[1].sku"));
        List<KitComponent> many = java.util.stream.IntStream.rangeClosed(1, Limits.MAX_COMPONENTS + 1)
                .mapToObj(i -> new KitComponent("C-" + i, 1)).toList();
        assertThatThrownBy(() -> new ProductObserved("demo", "K", "KIT", Map.of(), AT, many, null))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("components"));
        assertThat(new ProductObserved("demo", "K", "KIT", Map.of(), AT, many.subList(0, Limits.MAX_COMPONENTS),
                null).components()).hasSize(Limits.MAX_COMPONENTS);
        assertThatThrownBy(() -> new ProductObserved("demo", "K", "KIT", Map.of(), AT, null,
                java.util.Set.of("SKU"))).isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("removedAliases"));
    }

    @Test
    void writesInstantsAndDurationsAsIsoStrings() {
        String json = new String(EventJson.write(samples().get(Topics.MERCHANTS)), StandardCharsets.UTF_8);

        assertThat(json).contains("\"observedAt\":\"2026-11-27T10:15:30Z\"").contains("\"pollInterval\":\"PT5M\"");
    }

    @Test
    void ignoresUnknownFields() {
        String json = """
                {"merchantId":"demo","warehouseId":"W1","name":"Main","observedAt":"2026-11-27T10:15:30Z",
                 "addedInALaterVersion":{"nested":true}}""";

        Object event = EventJson.read(Topics.WAREHOUSES, json.getBytes(StandardCharsets.UTF_8));

        assertThat(event).isEqualTo(new WarehouseObserved("demo", "W1", "Main", AT));
    }

    @Test
    void aWrongTypeNamesTheTopicAndTheField() {
        String json = """
                {"merchantId":"demo","warehouseId":"W1","productId":"P-1","sku":"A-1",
                 "onHand":"lots","allocated":0,"available":0,"observedAt":"2026-11-27T10:15:30Z"}""";

        assertThatThrownBy(() -> EventJson.read(Topics.AVAILABLE_QUANTITIES, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EventFormatException.class, e -> {
                    assertThat(e.topic()).isEqualTo(Topics.AVAILABLE_QUANTITIES);
                    assertThat(e.field()).isEqualTo("onHand");
                    assertThat(e.getMessage()).contains("invsync.available-quantities.v1").contains("'onHand'");
                });
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        String json = """
                {"merchantId":"demo","name":"Main","observedAt":"2026-11-27T10:15:30Z"}""";

        assertThatThrownBy(() -> EventJson.read(Topics.WAREHOUSES, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EventFormatException.class,
                        e -> assertThat(e.field()).isEqualTo("warehouseId"));
    }

    @Test
    void aBadTimestampInANestedObjectNamesItsPath() {
        String json = """
                {"merchantId":"demo","productId":"P-1","warehouses":{"W1":{"onHand":1,"allocated":0,"available":1,
                 "observedAt":"yesterday"}}}""";

        assertThatThrownBy(() -> EventJson.read(Topics.INVENTORY_LEVELS, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EventFormatException.class,
                        e -> assertThat(e.field()).isEqualTo("warehouses.W1.observedAt"));
    }

    @Test
    void malformedJsonNamesTheTopic() {
        assertThatThrownBy(() -> EventJson.read(Topics.CARTS, "{\"cartId\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining(Topics.CARTS);
    }

    @Test
    void anEmptyValueIsAnError() {
        assertThatThrownBy(() -> EventJson.read(Topics.CARTS, new byte[0]))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("no value");
    }

    @Test
    void aMissingQuantityIsAnErrorNotZero() {
        String json = """
                {"merchantId":"demo","warehouseId":"W1","productId":"P-1","sku":"A-1",
                 "allocated":0,"available":0,"observedAt":"2026-11-27T10:15:30Z"}""";

        assertThatThrownBy(() -> EventJson.read(Topics.AVAILABLE_QUANTITIES, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EventFormatException.class, e -> assertThat(e.field()).isEqualTo("onHand"));
    }

    @Test
    void theSerdeReadsWhatItWritesAndPassesTombstonesThrough() {
        var serde = EventSerde.of(WarehouseObserved.class);
        var event = new WarehouseObserved("demo", "W1", "Main", AT);

        byte[] bytes = serde.serializer().serialize(Topics.WAREHOUSES, event);

        assertThat(serde.deserializer().deserialize(Topics.WAREHOUSES, bytes)).isEqualTo(event);
        assertThat(serde.deserializer().deserialize(Topics.WAREHOUSES, null)).isNull();
    }
}
