package io.invsync.inventory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.EventJson;
import io.invsync.events.EventSerde;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryRunIndexed;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.Keys;
import io.invsync.events.KitComponent;
import io.invsync.events.ProductObserved;
import io.invsync.events.RunStatus;
import io.invsync.events.RunTrigger;
import io.invsync.events.Topics;
import io.invsync.events.WarehouseObserved;

/** The service's topology in a {@link TopologyTestDriver}, with helpers to publish inputs and read outputs. */
public final class TopologyFixture implements AutoCloseable {

    public static final String MERCHANT = "demo";
    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** How long a product's changes are gathered before its level is published (the service's default). */
    public static final Duration PUBLISH_INTERVAL = Duration.ofMillis(20);

    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, byte[]>> inputs;
    private final TestOutputTopic<String, InventoryLevelChanged> levels;
    private final TestOutputTopic<String, AliasIndexChanged> aliases;
    private final TestOutputTopic<String, InventoryRunIndexed> runsIndexed;

    public TopologyFixture(Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        InventoryTopology.build(builder, PUBLISH_INTERVAL);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "inventory-service-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), config, T0);
        inputs = Map.of(
                Topics.AVAILABLE_QUANTITIES, input(Topics.AVAILABLE_QUANTITIES),
                Topics.PRODUCTS, input(Topics.PRODUCTS),
                Topics.WAREHOUSES, input(Topics.WAREHOUSES),
                Topics.INVENTORY_RUNS, input(Topics.INVENTORY_RUNS));
        runsIndexed = driver.createOutputTopic(Topics.RUNS_INDEXED, new StringDeserializer(),
                EventSerde.of(InventoryRunIndexed.class).deserializer());
        levels = driver.createOutputTopic(Topics.INVENTORY_LEVELS, new StringDeserializer(),
                EventSerde.of(InventoryLevelChanged.class).deserializer());
        aliases = driver.createOutputTopic(Topics.ALIAS_INDEX, new StringDeserializer(),
                EventSerde.of(AliasIndexChanged.class).deserializer());
    }

    private TestInputTopic<String, byte[]> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    /** Publishes a quantity observation, loaded (record timestamp) at {@code loadedAt}. */
    public void quantity(String productId, String warehouseId, long onHand, long allocated, Instant observedAt,
            Instant loadedAt) {
        var event = new AvailableQuantityObserved(MERCHANT, warehouseId, productId, "SKU-" + productId, onHand,
                allocated, onHand - allocated, observedAt, "run-1");
        inputs.get(Topics.AVAILABLE_QUANTITIES).pipeInput(Keys.product(MERCHANT, productId), EventJson.write(event),
                loadedAt);
    }

    /** Publishes an inventory run's record (its status, and its end when finished) at {@code at}. */
    public void run(String runId, RunStatus status, Instant at) {
        var event = new InventoryRunRecorded(MERCHANT, runId, RunTrigger.PUSH, status, at.minusSeconds(1),
                status.finished() ? at : null, 1, 1, 0, null, java.util.List.of(), at);
        inputs.get(Topics.INVENTORY_RUNS).pipeInput(Keys.merchant(MERCHANT), EventJson.write(event), at);
    }

    /** The runs marked indexed since the last call. */
    public java.util.List<InventoryRunIndexed> runsIndexed() {
        return runsIndexed.readValuesToList();
    }

    public void product(String productId, String sku, Map<String, String> aliases, Instant observedAt) {
        var event = new ProductObserved(MERCHANT, productId, sku, aliases, observedAt);
        inputs.get(Topics.PRODUCTS).pipeInput(Keys.product(MERCHANT, productId), EventJson.write(event), observedAt);
    }

    /** A product description with components (null: not mentioned) and aliases it removes. */
    public void product(String productId, String sku, Map<String, String> aliases, List<KitComponent> components,
            java.util.Set<String> removedAliases, Instant observedAt) {
        var event = new ProductObserved(MERCHANT, productId, sku, aliases, observedAt, components, removedAliases);
        inputs.get(Topics.PRODUCTS).pipeInput(Keys.product(MERCHANT, productId), EventJson.write(event), observedAt);
    }

    /** A quantity observation naming the product's SKU, loaded when observed. */
    public void stock(String productId, String sku, String warehouseId, long available, Instant observedAt) {
        var event = new AvailableQuantityObserved(MERCHANT, warehouseId, productId, sku, available, 0, available,
                observedAt, "run-1");
        inputs.get(Topics.AVAILABLE_QUANTITIES).pipeInput(Keys.product(MERCHANT, productId), EventJson.write(event),
                observedAt);
    }

    public void deleteProduct(String productId) {
        inputs.get(Topics.PRODUCTS).pipeInput(Keys.product(MERCHANT, productId), null, T0);
    }

    public void warehouse(String warehouseId, String name, Instant observedAt) {
        var event = new WarehouseObserved(MERCHANT, warehouseId, name, observedAt);
        inputs.get(Topics.WAREHOUSES).pipeInput(Keys.warehouse(MERCHANT, warehouseId), EventJson.write(event),
                observedAt);
    }

    public void raw(String topic, String key, String value) {
        inputs.get(topic).pipeInput(key, value.getBytes(StandardCharsets.UTF_8), T0);
    }

    /** Every level event published so far (and not yet read), once the publish interval has passed. */
    public List<TestRecord<String, InventoryLevelChanged>> levelEvents() {
        driver.advanceWallClockTime(PUBLISH_INTERVAL);
        return levels.readRecordsToList();
    }

    /** The latest level event per product key (the compacted view), reading all published so far. */
    public Map<String, InventoryLevelChanged> latestLevels() {
        driver.advanceWallClockTime(PUBLISH_INTERVAL);
        return levels.readKeyValuesToMap();
    }

    /** The latest alias index event per alias key (the compacted view), reading all published so far. */
    public Map<String, AliasIndexChanged> latestAliases() {
        return aliases.readKeyValuesToMap();
    }

    public List<TestRecord<String, byte[]>> deadLetters(String topic) {
        return driver.createOutputTopic(Topics.dlq(topic), new StringDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }


    @Override
    public void close() {
        driver.close();
    }
}
