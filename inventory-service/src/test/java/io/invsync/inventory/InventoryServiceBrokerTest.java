package io.invsync.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.DeadLetterHeaders;
import io.invsync.events.EventJson;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.KitComponent;
import io.invsync.events.Keys;
import io.invsync.events.ProductObserved;
import io.invsync.events.Topics;
import io.invsync.events.WarehouseObserved;
import tools.jackson.databind.JsonNode;

/** The service on the in-JVM KRaft broker: inputs published, state queried over REST, Streams restarted. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + InventoryApplication.CONFIG_NAME,
        "invsync.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "invsync.admin-key=" + InventoryServiceBrokerTest.KEY,
        "invsync.topics.partitions=2" })
// one broker: the transaction log (exactly-once) must make do with one replica
@EmbeddedKafka(brokerProperties = { "group.initial.rebalance.delay.ms=0", "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1" })
@DirtiesContext
class InventoryServiceBrokerTest {

    /** A fresh state dir per run: RocksDB state from an earlier run would not match this run's new broker. */
    private static final Path STATE_DIR = Path.of(System.getProperty("java.io.tmpdir"), "invsync-test",
            "inventory-service-" + UUID.randomUUID());
    static final String KEY = "test-admin-key";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static Producer<String, byte[]> producer;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    StreamsBuilderFactoryBean streams;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void stateDir(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.streams.state-dir", STATE_DIR::toString);
    }

    @BeforeEach
    void producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.getBrokersAsString(),
                    "partitioner.class", io.invsync.support.OwnerPartitioner.class),
                    new StringSerializer(), new ByteArraySerializer());
        }
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void answersFromTheStreamsStateAnd503WhileStoppedAndKeepsTheStateAcrossARestart() {
        publish(Topics.WAREHOUSES, Keys.warehouse("acme", "EAST"), new WarehouseObserved("acme", "EAST", "East", T0));
        publish(Topics.PRODUCTS, Keys.product("acme", "P1"), new ProductObserved("acme", "P1", "A-1", Map.of("UPC", "0001"), T0));
        publish(Topics.PRODUCTS, Keys.product("acme", "P2"), new ProductObserved("acme", "P2", "B-2", Map.of("UPC", "0001"), T0));
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("acme", "P1"), quantity("P1", "EAST", 10, 2, T0.plusSeconds(10)));
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("acme", "P1"), quantity("P1", "WEST", 5, 0, T0));
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("acme", "P2"), quantity("P2", "EAST", 3, 0, T0));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Answer answer = get("/api/merchants/acme/products");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().at("/products")).hasSize(2);
            assertThat(answer.body().at("/products/0/total/available").asLong()).isEqualTo(13);
            assertThat(get("/api/merchants/acme/aliases/UPC/0001").body().at("/duplicate").asBoolean()).isTrue();
            assertThat(get("/api/merchants/acme/warehouses").body().at("/warehouses")).hasSize(2);
        });
        JsonNode products = get("/api/merchants/acme/products").body();
        assertThat(products.at("/products/0/productId").asString()).isEqualTo("P1");
        assertThat(products.at("/products/0/aliases/UPC").asString()).isEqualTo("0001");
        assertThat(products.at("/products/0/warehouses/EAST/available").asLong()).isEqualTo(8);

        JsonNode alias = get("/api/merchants/acme/aliases/UPC/0001").body();
        assertThat(alias.get("productIds").toString()).isEqualTo("[\"P1\",\"P2\"]");
        assertThat(get("/api/merchants/acme/aliases/UPC/9999").body().get("productIds")).isEmpty();

        // paged: a page of one, the next page after it, then the end
        JsonNode first = get("/api/merchants/acme/products?limit=1").body();
        assertThat(first.at("/products/0/productId").asString()).isEqualTo("P1");
        assertThat(first.at("/nextAfter").asString()).isEqualTo("P1");
        JsonNode second = get("/api/merchants/acme/products?limit=1&after=P1").body();
        assertThat(second.at("/products/0/productId").asString()).isEqualTo("P2");
        assertThat(second.get("products")).hasSize(1);
        JsonNode end = get("/api/merchants/acme/products?limit=1&after=P2").body();
        assertThat(end.get("products")).isEmpty();
        assertThat(end.get("nextAfter").isNull()).isTrue();
        assertThat(get("/api/merchants/acme/warehouses/EAST/products?after=P1").body().at("/products/0/productId")
                .asString()).isEqualTo("P2");
        assertThat(get("/api/merchants/acme/products?limit=1001").status()).isEqualTo(400);

        JsonNode east = get("/api/merchants/acme/warehouses/EAST/products?search=a-1").body();
        assertThat(east.get("products")).hasSize(1);
        assertThat(east.at("/products/0/productId").asString()).isEqualTo("P1");
        assertThat(east.at("/products/0/loadedAt").isNull()).isFalse();

        JsonNode warehouses = get("/api/merchants/acme/warehouses").body();
        assertThat(warehouses.at("/warehouses/0/warehouseId").asString()).isEqualTo("EAST");
        assertThat(warehouses.at("/warehouses/0/name").asString()).isEqualTo("East");
        assertThat(warehouses.at("/warehouses/0/lastLoadedAt").isNull()).isFalse();

        streams.stop();
        Answer stopped = get("/api/merchants/acme/products");
        assertThat(stopped.status()).isEqualTo(503);
        assertThat(stopped.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        streams.start();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(
                () -> assertThat(get("/api/merchants/acme/products").body()).isEqualTo(products));
        // after the restart, a late (older) observation is still recognised as stale against the kept state
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("acme", "P1"), quantity("P1", "EAST", 99, 0, T0));
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("acme", "P2"), quantity("P2", "EAST", 7, 0, T0.plusSeconds(20)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                get("/api/merchants/acme/products").body().at("/products/1/total/available").asLong()).isEqualTo(7));
        assertThat(get("/api/merchants/acme/products").body().at("/products/0/warehouses/EAST/onHand").asLong())
                .isEqualTo(10);
    }

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicAndKeepsProcessing() {
        producer.send(new ProducerRecord<>(Topics.PRODUCTS, Keys.product("poison", "P9"),
                "not json".getBytes(StandardCharsets.UTF_8)));
        publish(Topics.PRODUCTS, Keys.product("poison", "P9"), new ProductObserved("poison", "P9", "Z-9", Map.of(), T0));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                get("/api/merchants/poison/aliases/SKU/Z-9").body().at("/productIds").toString()).isEqualTo("[\"P9\"]"));
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaTestUtils.consumerProps(broker, "dlq-reader", false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.dlq(Topics.PRODUCTS)));
            ConsumerRecord<String, byte[]> dead = KafkaTestUtils.getSingleRecord(consumer, Topics.dlq(Topics.PRODUCTS),
                    Duration.ofSeconds(30));
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
            assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.EXCEPTION_MESSAGE).value(),
                    StandardCharsets.UTF_8)).contains(Topics.PRODUCTS);
        }
    }

    @Test
    void answersABadPathWithProblemDetailsNamingTheField() {
        Answer answer = get("/api/merchants/%20acme/products");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.body().at("/errors/0/field").asString()).isEqualTo("merchantId");
    }

    @Test
    void livenessIsUpWhileStreamsRunsAndDownOnceTheStreamsAppDiesUnderTheService() {
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.getKafkaStreams() != null
                && streams.getKafkaStreams().state().isRunningOrRebalancing());
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);

        streams.getKafkaStreams().close(Duration.ofSeconds(10)); // as if every stream thread had died

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Answer liveness = get("/actuator/health/liveness");
            assertThat(liveness.status()).isEqualTo(503);
            assertThat(liveness.body().path("status").asString()).isEqualTo("DOWN");
        });
        streams.stop();
        streams.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/health/liveness").status() == 200);
    }

    @Test
    void servesItsOpenApiDocumentAndStreamsMetrics() {
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.getKafkaStreams() != null
                && streams.getKafkaStreams().state().isRunningOrRebalancing());
        assertThat(get("/v3/api-docs").body().get("paths").has("/api/merchants/{merchantId}/aliases/{aliasName}/{aliasValue}"))
                .isTrue();
        String prometheus = RestClient.create().get().uri("http://localhost:" + port + "/actuator/prometheus")
                .retrieve().body(String.class);
        assertThat(prometheus).contains("kafka_stream_");
    }

    @Test
    void computesAKitFromItsComponentsPerWarehouseAndFollowsAComponentsChange() {
        publish(Topics.PRODUCTS, Keys.product("kits", "P-MUG"), new ProductObserved("kits", "P-MUG", "MUG", Map.of(), T0));
        publish(Topics.PRODUCTS, Keys.product("kits", "P-BOX"), new ProductObserved("kits", "P-BOX", "BOX", Map.of(), T0));
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("kits", "P-MUG"), stock("kits", "P-MUG", "MUG", "WH-1", 7, T0));
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("kits", "P-BOX"), stock("kits", "P-BOX", "BOX", "WH-1", 5, T0));
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("kits", "P-MUG"), stock("kits", "P-MUG", "MUG", "WH-2", 10, T0));
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("kits", "P-BOX"), stock("kits", "P-BOX", "BOX", "WH-2", 1, T0));
        publish(Topics.PRODUCTS, Keys.product("kits", "P-GIFT"), new ProductObserved("kits", "P-GIFT", "GIFT", Map.of(),
                T0, List.of(new KitComponent("MUG", 2), new KitComponent("BOX", 1)), null));
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("kits", "P-GIFT"), stock("kits", "P-GIFT", "GIFT", "WH-2", 2, T0));
        // a kit whose second component no product holds
        publish(Topics.PRODUCTS, Keys.product("kits", "P-SET"), new ProductObserved("kits", "P-SET", "SET", Map.of(),
                T0, List.of(new KitComponent("MUG", 1), new KitComponent("SAUCER", 1)), null));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode gift = get("/api/merchants/kits/products?search=GIFT").body().at("/products/0");
            assertThat(gift.at("/warehouses/WH-1/available").asLong()).isEqualTo(3);
            assertThat(gift.at("/warehouses/WH-2/available").asLong()).as("1 assembled + 2 of its own").isEqualTo(3);
            assertThat(gift.at("/total/available").asLong()).isEqualTo(6);
        });
        JsonNode gift = get("/api/merchants/kits/products?search=GIFT").body().at("/products/0");
        assertThat(gift.at("/kit/components/0/sku").asString()).isEqualTo("MUG");
        assertThat(gift.at("/kit/components/0/quantity").asLong()).isEqualTo(2);
        assertThat(gift.at("/kit/components/0/productId").asString()).isEqualTo("P-MUG");
        assertThat(gift.at("/kit/warehouses/WH-1/limiting/sku").asString()).isEqualTo("MUG");
        assertThat(gift.at("/kit/warehouses/WH-1/limiting/available").asLong()).isEqualTo(7);
        assertThat(gift.at("/kit/warehouses/WH-1/limiting/kits").asLong()).isEqualTo(3);
        assertThat(gift.at("/kit/warehouses/WH-2/limiting/sku").asString()).isEqualTo("BOX");
        assertThat(gift.at("/kit/warehouses/WH-2/own/available").asLong()).isEqualTo(2);
        JsonNode inWarehouse = get("/api/merchants/kits/warehouses/WH-1/products?search=GIFT").body().at("/products/0");
        assertThat(inWarehouse.at("/available").asLong()).as("a kit shows where its components are").isEqualTo(3);
        assertThat(inWarehouse.at("/kit/limiting/sku").asString()).isEqualTo("MUG");
        assertThat(inWarehouse.at("/components")).hasSize(2);
        assertThat(get("/api/merchants/kits/products?search=MUG").body().at("/products/0/kit").isNull()).isTrue();

        JsonNode set = get("/api/merchants/kits/products?search=SET").body().at("/products/0");
        assertThat(set.at("/kit/components/1/sku").asString()).isEqualTo("SAUCER");
        assertThat(set.at("/kit/components/1/productId").isNull()).isTrue();
        assertThat(set.at("/kit/warehouses/WH-1/limiting/sku").asString()).isEqualTo("SAUCER");
        assertThat(set.at("/total/available").asLong()).isZero();

        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("kits", "P-MUG"),
                stock("kits", "P-MUG", "MUG", "WH-1", 3, T0.plusSeconds(60)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                get("/api/merchants/kits/products?search=GIFT").body().at("/products/0/warehouses/WH-1/available")
                        .asLong()).isEqualTo(1));
        List<InventoryLevelChanged> levels = read(Topics.INVENTORY_LEVELS, InventoryLevelChanged.class,
                level -> level.productId().equals("P-GIFT") && level.warehouses().get("WH-1").available() == 1);
        assertThat(levels).last().satisfies(level -> {
            assertThat(level.total().available()).isEqualTo(4);
            assertThat(level.kit().warehouses().get("WH-1").limiting().available()).isEqualTo(3);
        });
        assertThat(read(Topics.INVENTORY_LEVELS, InventoryLevelChanged.class, level -> level.productId().equals("P-SET")))
                .last().satisfies(level -> assertThat(level.kit().components().get(1).productId()).isNull());
    }

    @Test
    void keepsAnAliasAPushDoesNotMentionAndNamesTheFormerProductWhenOneIsRemoved() {
        // warehouse W1 pushes a UPC; warehouse W2's CSV has no UPC column: the ingest service publishes no UPC
        publish(Topics.PRODUCTS, Keys.product("merge", "P1"), new ProductObserved("merge", "P1", "A-1",
                Map.of("UPC", "0001"), T0));
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("merge", "P1"), stock("merge", "P1", "A-1", "W1", 4, T0));
        publish(Topics.PRODUCTS, Keys.product("merge", "P1"), new ProductObserved("merge", "P1", "A-1", Map.of(),
                T0.plusSeconds(10)));
        publish(Topics.AVAILABLE_QUANTITIES, Keys.product("merge", "P1"),
                stock("merge", "P1", "A-1", "W2", 6, T0.plusSeconds(10)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                get("/api/merchants/merge/products").body().at("/products/0/total/available").asLong()).isEqualTo(10));
        assertThat(get("/api/merchants/merge/products").body().at("/products/0/aliases/UPC").asString())
                .isEqualTo("0001");
        assertThat(get("/api/merchants/merge/aliases/UPC/0001").body().get("productIds").toString())
                .isEqualTo("[\"P1\"]");

        // a JSON push with "aliases": {"UPC": null}
        publish(Topics.PRODUCTS, Keys.product("merge", "P1"), new ProductObserved("merge", "P1", "A-1", Map.of(),
                T0.plusSeconds(20), null, java.util.Set.of("UPC")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                get("/api/merchants/merge/aliases/UPC/0001").body().get("productIds")).isEmpty());
        assertThat(get("/api/merchants/merge/products").body().at("/products/0/aliases").has("UPC")).isFalse();
        List<AliasIndexChanged> index = read(Topics.ALIAS_INDEX, AliasIndexChanged.class,
                alias -> alias.merchantId().equals("merge") && alias.aliasName().equals("UPC"));
        assertThat(index).last().satisfies(alias -> {
            assertThat(alias.aliasValue()).isEqualTo("0001");
            assertThat(alias.productIds()).isEmpty();
            assertThat(alias.formerProductIds()).containsExactly("P1");
            assertThat(alias.observedAt()).isEqualTo(T0.plusSeconds(20));
        });
        assertThat(index).as("kept, not republished, by the push without a UPC").hasSize(2);
    }

    /** The events of a topic from its start that match, once at least one does. */
    private <T> List<T> read(String topic, Class<T> type, java.util.function.Predicate<T> filter) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "reader-" + UUID.randomUUID(), false);
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        List<T> seen = new java.util.ArrayList<>();
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        T event = EventJson.read(topic, record.value(), type);
                        if (filter.test(event)) {
                            seen.add(event);
                        }
                    }
                }
                return !seen.isEmpty() && consumer.assignment().stream()
                        .allMatch(p -> consumer.position(p) >= consumer.endOffsets(List.of(p)).get(p));
            });
        }
        return seen;
    }

    private static AvailableQuantityObserved stock(String merchantId, String productId, String sku, String warehouseId,
            long available, Instant observedAt) {
        return new AvailableQuantityObserved(merchantId, warehouseId, productId, sku, available, 0, available,
                observedAt, "run-1");
    }

    private static AvailableQuantityObserved quantity(String productId, String warehouseId, long onHand, long allocated,
            Instant observedAt) {
        return new AvailableQuantityObserved("acme", warehouseId, productId, null, onHand, allocated,
                onHand - allocated, observedAt, "run-1");
    }

    private static void publish(String topic, String key, Object event) {
        producer.send(new ProducerRecord<>(topic, key, EventJson.write(event)));
        producer.flush();
    }

    record Answer(int status, MediaType contentType, JsonNode body) {
    }

    private Answer get(String path) {
        return RestClient.create().get().uri(java.net.URI.create("http://localhost:" + port + path))
                .header("X-Api-Key", KEY)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(),
                        response.getHeaders().getContentType(),
                        EventJson.mapper().readTree(response.getBody())));
    }
}
