package io.invsync.cartpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import io.invsync.cartpush.ownership.CartOwnership;
import io.invsync.cartpush.simulator.Loopback;
import io.invsync.cartpush.simulator.WebhookCartSimulator;
import io.invsync.cartpush.state.PushState;
import io.invsync.events.AliasIndexChanged;
import io.invsync.events.EventJson;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.Keys;
import io.invsync.events.DeadLetterHeaders;
import io.invsync.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two cart-push-service instances (0 and 1 of 2) on one broker whose carts topic has 4 partitions: each reads
 * every table, but each cart is planned and pushed by its owner alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 4;
    private static final String KEY = "test-admin-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private org.springframework.kafka.test.EmbeddedKafkaKraftBroker broker;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final Map<Integer, String> urls = new TreeMap<>();
    /** cartId → its own cart, one cart in each partition of the carts topic. */
    private final Map<String, WebhookCartSimulator> carts = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void start() {
        broker = new org.springframework.kafka.test.EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer());
        // one cart in each partition: instance 0 owns partitions 0 and 2, instance 1 owns 1 and 3
        for (int i = 0; carts.size() < PARTITIONS; i++) {
            String cartId = "c-two-" + i;
            int partition = CartOwnership.partitionOf(cartId, PARTITIONS);
            if (carts.keySet().stream().noneMatch(c -> CartOwnership.partitionOf(c, PARTITIONS) == partition)) {
                carts.put(cartId, new WebhookCartSimulator("webhook-secret", 0));
            }
        }
        for (int index = 0; index < 2; index++) {
            ConfigurableApplicationContext context = CartPushApplication.application().run(args(index, 2));
            instances.add(context);
            urls.put(index, "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
        }
    }

    private String[] args(int index, int count) {
        return new String[] {"--server.port=0", "--invsync.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--invsync.admin-key=" + KEY, "--INVSYNC_SECRET_HOOK=webhook-secret",
                "--INVSYNC_SECRET_GRANTS=HOOK=" + String.join(",", carts.keySet().stream().map(TwoInstancesTest::merchant).toList()),
                "--invsync.outbound.allow=" + Loopback.ALLOW,
                "--invsync.topics.partitions=" + PARTITIONS, "--invsync.push.instance-count=" + count,
                "--invsync.push.instance-index=" + index, "--invsync.push.initial-backoff=PT0.05S"};
    }

    @AfterAll
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
        carts.values().forEach(WebhookCartSimulator::close);
        if (producer != null) {
            producer.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    private static int owner(String cartId) {
        return CartOwnership.partitionOf(cartId, PARTITIONS) % 2;
    }

    private HttpResponse<String> call(int instance, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urls.get(instance) + path))
                .header("X-Api-Key", KEY).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String merchant(String cartId) {
        return "m-" + cartId;
    }

    private static String sku(String cartId) {
        return "SKU-" + cartId;
    }

    private void level(String cartId, long available, Instant observedAt) {
        String merchantId = merchant(cartId);
        var level = new InventoryLevelChanged(merchantId, "P1", sku(cartId), Map.of("SKU", sku(cartId)),
                Map.of("WH-1", new WarehouseLevel(available, 0, available, observedAt, observedAt)), null, observedAt);
        producer.send(new ProducerRecord<>(Topics.INVENTORY_LEVELS, Keys.product(merchantId, "P1"),
                EventJson.write(level)));
        producer.send(new ProducerRecord<>(Topics.ALIAS_INDEX, Keys.alias(merchantId, "SKU", sku(cartId)),
                EventJson.write(new AliasIndexChanged(merchantId, "SKU", sku(cartId), List.of("P1"), observedAt))));
        producer.flush();
    }

    private static MeterRegistry meters(ConfigurableApplicationContext instance) {
        return instance.getBean(MeterRegistry.class);
    }

    private static double pushed(ConfigurableApplicationContext instance, String cartId) {
        Counter counter = meters(instance).find("invsync.cart.push").tag("cart", cartId).tag("outcome", "PUSHED")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void eachCartIsPushedByItsOwnerAloneAndEveryInstanceAnswersForEveryCart() throws Exception {
        assertThat(carts.keySet().stream().map(TwoInstancesTest::owner).distinct()).containsExactlyInAnyOrder(0, 1);
        // carts in partitions 0 and 1 are saved through the instance that does not own them
        for (var cart : carts.entrySet()) {
            String cartId = cart.getKey();
            int partition = CartOwnership.partitionOf(cartId, PARTITIONS);
            int via = partition < 2 ? 1 - owner(cartId) : owner(cartId);
            HttpResponse<String> saved = call(via, "PUT", "/api/carts/" + cartId, """
                    {"merchantId":"%s","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"HOOK","syncWarehouse":"WH-1"}"""
                    .formatted(merchant(cartId), cart.getValue().url()));
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        }
        // the rule matches where the binder's producer really put each cart
        assertThat(cartPartitions()).isEqualTo(carts.keySet().stream().collect(java.util.stream.Collectors.toMap(
                c -> c, c -> CartOwnership.partitionOf(c, PARTITIONS))));

        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        int n = 0;
        for (String cartId : carts.keySet()) {
            level(cartId, 10 + n++, at);
        }
        n = 0;
        for (var cart : carts.entrySet()) {
            long expected = 10 + n++;
            await().atMost(WAIT).until(() -> Long.valueOf(expected).equals(cart.getValue().quantity(sku(cart.getKey()))));
        }
        // a second change: one more call each
        n = 0;
        for (String cartId : carts.keySet()) {
            level(cartId, 20 + n++, at.plusSeconds(60));
        }
        n = 0;
        for (var cart : carts.entrySet()) {
            String cartId = cart.getKey();
            long expected = 20 + n++;
            await().atMost(WAIT).until(() -> Long.valueOf(expected).equals(cart.getValue().quantity(sku(cartId))));
            // both instances read the results: product-sync and GET answer on either
            for (int instance = 0; instance < 2; instance++) {
                int from = instance;
                await().atMost(WAIT).untilAsserted(() -> {
                    JsonNode page = JSON.readTree(call(from, "GET", "/api/carts/" + cartId + "/product-sync", null).body());
                    assertThat(page.path("items").path(0).path("lastOutcome").asString()).isEqualTo("PUSHED");
                    assertThat(page.path("items").path(0).path("lastQuantityPushed").asLong()).isEqualTo(expected);
                });
                assertThat(call(instance, "GET", "/api/carts/" + cartId, null).statusCode()).isEqualTo(200);
            }
        }
        for (var cart : carts.entrySet()) {
            String cartId = cart.getKey();
            int owner = owner(cartId);
            assertThat(cart.getValue().calls()).as("calls to " + cartId).isEqualTo(2);
            assertThat(pushed(instances.get(owner), cartId)).as("pushes of " + cartId + " by its owner").isEqualTo(2);
            assertThat(meters(instances.get(1 - owner)).find("invsync.cart.push").tag("cart", cartId).counters())
                    .as("outcomes recorded for " + cartId + " by instance " + (1 - owner)).isEmpty();
        }
    }

    @Test
    void resyncAndCatalogRefreshOnTheOtherInstanceAnswer421NamingTheOwner() throws Exception {
        String cartId = carts.keySet().iterator().next();
        int owner = owner(cartId);
        assertThat(call(owner, "PUT", "/api/carts/" + cartId, """
                {"merchantId":"%s","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"HOOK","syncWarehouse":"WH-1"}"""
                .formatted(merchant(cartId), carts.get(cartId).url())).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> instances.get(1 - owner).getBean(PushState.class).cart(cartId).isPresent());

        for (String path : List.of("/resync", "/catalog-refresh")) {
            HttpResponse<String> misdirected = call(1 - owner, "POST", "/api/carts/" + cartId + path, null);
            assertThat(misdirected.statusCode()).as(path).isEqualTo(421);
            assertThat(misdirected.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(misdirected.body());
            assertThat(problem.path("ownerIndex").asInt()).isEqualTo(owner);
            assertThat(problem.path("instanceIndex").asInt()).isEqualTo(1 - owner);
            assertThat(problem.path("detail").asString()).contains("instance " + owner);
            assertThat(call(owner, "POST", "/api/carts/" + cartId + path, null).statusCode()).as(path).isEqualTo(202);
        }
        assertThat(call(1 - owner, "GET", "/api/carts/" + cartId + "/catalog-refresh", null).statusCode()).isEqualTo(421);
    }

    @Test
    void aRecordNoInstanceCanReadGoesToTheDeadLetterTopicWithItsStringKey() {
        producer.send(new ProducerRecord<>(Topics.CARTS, "c-unreadable", "not json".getBytes(StandardCharsets.UTF_8)));
        producer.flush();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CARTS + ".dlq").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                // each instance reads (and so dead-letters) every record, under its own group
                assertThat(dead).filteredOn(r -> "c-unreadable".equals(r.key())).hasSize(2);
            });
            // the headers name the source and the fault; the two copies (one per instance) are alike
            assertThat(dead).filteredOn(r -> "c-unreadable".equals(r.key())).allSatisfy(r -> {
                assertThat(header(r, DeadLetterHeaders.ORIGINAL_TOPIC)).as(headerNames(r)).isEqualTo(Topics.CARTS);
                assertThat(header(r, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains(Topics.CARTS);
            });
            assertThat(dead).filteredOn(r -> "c-unreadable".equals(r.key()))
                    .allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("not json"));
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String headerNames(ConsumerRecord<?, ?> record) {
        List<String> names = new ArrayList<>();
        for (Header header : record.headers()) {
            names.add(header.key());
        }
        return "headers " + names;
    }

    @Test
    void refusesToStartWithAnIndexOutsideTheCount() {
        assertThatThrownBy(() -> CartPushApplication.application().run(args(2, 2)).close())
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e).getMessage())
                        .contains("invsync.push.instance-index (INVSYNC_PUSH_INSTANCE_INDEX)")
                        .contains("INVSYNC_PUSH_INSTANCE_COUNT=2").contains("is 2"));
    }

    /** Where each test cart's settings record sits in the carts topic. */
    private Map<String, Integer> cartPartitions() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CARTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            assertThat(partitions).hasSize(PARTITIONS);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<String, Integer> found = new TreeMap<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (carts.containsKey(r.key())) {
                        found.put(r.key(), r.partition());
                    }
                });
                return found.size() == carts.size();
            });
            return found;
        }
    }
}
