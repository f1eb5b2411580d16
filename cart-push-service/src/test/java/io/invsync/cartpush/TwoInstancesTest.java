package io.invsync.cartpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.invsync.simulator.Loopback;
import io.invsync.simulator.WebhookCartSimulator;
import io.invsync.events.AliasIndexChanged;
import io.invsync.events.EventJson;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.Keys;
import io.invsync.events.Topics;
import io.invsync.support.streams.OwnerPartitions;
import io.invsync.support.streams.StreamsInstance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two cart-push-service instances on one broker (topics of 4 partitions), sharing the work through Kafka Streams'
 * consumer group: the partitions split between them, each cart's calls are made by the instance holding its
 * pushing partition alone, either instance answers every request the same, and when one stops the other takes
 * its carts over and every cart still ends with exactly the final quantity.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;
    private static final String KEY = "test-admin-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EmbeddedKafkaKraftBroker broker;
    private final List<StreamsInstance> instances = new ArrayList<>();
    /** cartId → its own cart: one cart in each pushing partition, each of its own merchant. */
    private final Map<String, WebhookCartSimulator> carts = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0",
                "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                        ProducerConfig.PARTITIONER_CLASS_CONFIG, io.invsync.support.OwnerPartitioner.class),
                new StringSerializer(), new ByteArraySerializer());
        Set<Integer> taken = new TreeSet<>();
        for (int i = 0; carts.size() < PARTITIONS; i++) {
            String cartId = "c-two-" + i;
            if (taken.add(OwnerPartitions.of(cartId, PARTITIONS))) {
                carts.put(cartId, new WebhookCartSimulator("webhook-secret", 0));
            }
        }
        for (int index = 0; index < 2; index++) {
            instances.add(new StreamsInstance(args -> CartPushApplication.application().run(args),
                    "--invsync.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--invsync.admin-key=" + KEY,
                    "--INVSYNC_SECRET_HOOK=webhook-secret",
                    "--INVSYNC_SECRET_GRANTS=HOOK=" + String.join(",", carts.keySet().stream()
                            .map(TwoInstancesTest::merchant).toList()),
                    "--invsync.outbound.allow=" + Loopback.ALLOW, "--invsync.topics.partitions=" + PARTITIONS,
                    "--invsync.push.initial-backoff=PT0.05S",
                    "--INVSYNC_STATE_DIR=" + Files.createTempDirectory("cart-push-two-" + index),
                    "--INVSYNC_STREAMS_SESSION_TIMEOUT_MS=6000", "--spring.main.banner-mode=off").start());
        }
        // the group has split the partitions between the two
        await().atMost(WAIT).until(() -> running(0) && running(1) && !activePartitions(0).isEmpty()
                && !activePartitions(1).isEmpty());
    }

    @AfterAll
    void stop() {
        instances.forEach(StreamsInstance::close);
        carts.values().forEach(WebhookCartSimulator::close);
        if (producer != null) {
            producer.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    private boolean running(int instance) {
        return instances.get(instance).running();
    }

    /** The partitions of the pushing stage's tasks active on an instance. */
    private Set<Integer> activePartitions(int instance) {
        return instances.get(instance).activePartitions("push-plans-by-cart-repartition");
    }

    /** The instance whose pushing task holds the cart's partition. */
    private int pusherOf(String cartId) {
        int partition = OwnerPartitions.of(cartId, PARTITIONS);
        return activePartitions(0).contains(partition) ? 0 : 1;
    }

    private HttpResponse<String> call(int instance, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instances.get(instance).url() + path))
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

    private double pushed(int instance, String cartId) {
        Counter counter = instances.get(instance).context().getBean(MeterRegistry.class).find("invsync.cart.push")
                .tag("cart", cartId).tag("outcome", "PUSHED").counter();
        return counter == null ? 0 : counter.count();
    }

    private void saveCarts() throws Exception {
        int via = 0;
        for (var cart : carts.entrySet()) {
            HttpResponse<String> saved = call(via++ % 2, "PUT", "/api/carts/" + cart.getKey(), """
                    {"merchantId":"%s","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"HOOK","syncWarehouse":"WH-1"}"""
                    .formatted(merchant(cart.getKey()), cart.getValue().url()));
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        }
    }

    private void awaitQuantities(long base) {
        int n = 0;
        for (var cart : carts.entrySet()) {
            long expected = base + n++;
            await().atMost(WAIT).until(() -> Long.valueOf(expected).equals(cart.getValue().quantity(sku(cart.getKey()))));
        }
    }

    @Test
    @Order(1)
    void eachCartIsPushedByTheInstanceHoldingItsPartitionAloneAndEitherAnswersEveryRequestTheSame() throws Exception {
        assertThat(activePartitions(0)).doesNotContainAnyElementsOf(activePartitions(1));
        assertThat(activePartitions(0).size() + activePartitions(1).size()).isEqualTo(PARTITIONS);
        assertThat(carts.keySet().stream().map(this::pusherOf).distinct()).containsExactlyInAnyOrder(0, 1);
        saveCarts();

        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        int n = 0;
        for (String cartId : carts.keySet()) {
            level(cartId, 10 + n++, at);
        }
        awaitQuantities(10);
        n = 0;
        for (String cartId : carts.keySet()) {
            level(cartId, 20 + n++, at.plusSeconds(60));
        }
        awaitQuantities(20);

        n = 0;
        for (String cartId : carts.keySet()) {
            long expected = 20 + n++;
            List<String> answers = new ArrayList<>();
            for (int instance = 0; instance < 2; instance++) {
                int from = instance;
                await().atMost(WAIT).untilAsserted(() -> {
                    JsonNode page = JSON.readTree(call(from, "GET", "/api/carts/" + cartId + "/product-sync", null).body());
                    assertThat(page.path("items").path(0).path("lastOutcome").asString()).isEqualTo("PUSHED");
                    assertThat(page.path("items").path(0).path("lastQuantityPushed").asLong()).isEqualTo(expected);
                });
                answers.add(call(instance, "GET", "/api/carts/" + cartId + "/product-sync", null).body());
                answers.add(call(instance, "GET", "/api/carts/" + cartId, null).body());
                answers.add(call(instance, "GET", "/api/carts/" + cartId + "/push-values", null).body());
            }
            assertThat(answers.subList(3, 6)).as("instance 1's answers for " + cartId).isEqualTo(answers.subList(0, 3));
            assertThat(JSON.readTree(answers.get(2)).path("values").get(0).asString()).isEqualTo(sku(cartId));
        }
        for (var cart : carts.entrySet()) {
            String cartId = cart.getKey();
            int pusher = pusherOf(cartId);
            assertThat(cart.getValue().calls()).as("calls to " + cartId).isEqualTo(2);
            assertThat(pushed(pusher, cartId)).as("pushes of " + cartId + " by its pushing instance").isEqualTo(2);
            assertThat(pushed(1 - pusher, cartId)).as("pushes of " + cartId + " by the other").isZero();
        }
    }

    @Test
    @Order(2)
    void resyncAndCatalogRefreshAskedOfEitherInstanceAreDoneByTheOwner() throws Exception {
        String cartId = carts.keySet().iterator().next();
        int pusher = pusherOf(cartId);
        saveCarts();
        HttpResponse<String> refresh = call(1 - pusher, "POST", "/api/carts/" + cartId + "/catalog-refresh", null);
        assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(202);
        await().atMost(WAIT).untilAsserted(() -> {
            for (int instance = 0; instance < 2; instance++) {
                HttpResponse<String> last = call(instance, "GET", "/api/carts/" + cartId + "/catalog-refresh", null);
                assertThat(last.statusCode()).as(last.body()).isEqualTo(200);
                assertThat(JSON.readTree(last.body()).path("status").asString()).isEqualTo("SUCCEEDED");
            }
        });
        for (int instance = 0; instance < 2; instance++) {
            HttpResponse<String> resync = call(instance, "POST", "/api/carts/" + cartId + "/resync", null);
            assertThat(resync.statusCode()).as(resync.body()).isEqualTo(202);
        }
    }

    @Test
    @Order(3)
    void whenOneInstanceStopsTheOtherTakesItsCartsOverAndEveryCartEndsWithTheFinalQuantity() throws Exception {
        saveCarts();
        Instant at = Instant.parse("2026-11-27T11:00:00Z");
        instances.get(1).close();
        int n = 0;
        for (String cartId : carts.keySet()) {
            level(cartId, 30 + n++, at);
        }
        await().atMost(WAIT).until(() -> running(0) && activePartitions(0).size() == PARTITIONS);
        awaitQuantities(30);

        // back again with its state directory: the partitions split once more and pushes go on
        instances.get(1).start();
        await().atMost(WAIT).until(() -> running(0) && running(1) && !activePartitions(1).isEmpty()
                && activePartitions(0).size() + activePartitions(1).size() == PARTITIONS);
        n = 0;
        for (String cartId : carts.keySet()) {
            level(cartId, 40 + n++, at.plusSeconds(60));
        }
        awaitQuantities(40);
    }
}
