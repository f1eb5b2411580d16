package io.invsync.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartLocation;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.EventJson;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.Keys;
import io.invsync.events.ProductObserved;
import io.invsync.events.PushOutcome;
import io.invsync.events.Topics;
import io.invsync.support.streams.StreamsInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code invsync.discrepancies} kept as records arrive instead of recounted, on a diagnostics-service instance of
 * its own (its own broker) whose recheck of every value is an hour away: what moves the gauge here is the record
 * that changed a value, or a settings change that sweeps its cart, as {@code invsync.discrepancies.rechecks} shows;
 * and after a restart on an empty state directory the counts come back from the changelog with nothing explained.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncrementalDiscrepanciesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEY = "test-admin-key";

    private EmbeddedKafkaKraftBroker broker;
    private KafkaProducer<String, byte[]> producer;
    private Events events;
    private StreamsInstance instance;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The scenario of the first test, whose counts the later ones look at too. */
    private final Scenario single = new Scenario("incremental");
    private final Scenario wholeCart = new Scenario("settings");

    @BeforeAll
    void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                        ProducerConfig.PARTITIONER_CLASS_CONFIG, io.invsync.support.OwnerPartitioner.class),
                new StringSerializer(), new ByteArraySerializer());
        events = new Events(producer);
        instance = startInstance();
    }

    @AfterAll
    void stop() {
        if (instance != null) {
            instance.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    /** On an empty state directory of its own. */
    private StreamsInstance startInstance() throws IOException {
        StreamsInstance started = new StreamsInstance(args -> DiagnosticsApplication.application().run(args),
                "--invsync.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--invsync.admin-key=" + KEY,
                "--invsync.topics.partitions=1",
                "--INVSYNC_STATE_DIR=" + Files.createTempDirectory("diagnostics-incremental"),
                "--invsync.diagnostics.metrics-interval=PT0.2S",
                "--invsync.diagnostics.sweep.tick=PT0.1S",
                // 5 values a tick: the 13 values of the settings test are swept over three ticks
                "--invsync.diagnostics.sweep.rate=50",
                "--invsync.diagnostics.sweep.recheck-period=PT1H",
                "--INVSYNC_STREAMS_SESSION_TIMEOUT_MS=6000", "--spring.main.banner-mode=off").start();
        await().atMost(WAIT).until(started::running);
        return started;
    }

    private MeterRegistry registry() {
        return instance.context().getBean(MeterRegistry.class);
    }

    private Double gauge(Scenario s, String cause) {
        Gauge gauge = registry().find("invsync.discrepancies").tags("merchant", s.merchantId, "cart", s.cartId,
                "cause", cause).gauge();
        return gauge == null ? null : gauge.value();
    }

    private long rechecks(String trigger) {
        Timer timer = registry().find("invsync.discrepancies.rechecks").tag("trigger", trigger).timer();
        return timer == null ? 0 : timer.count();
    }

    /** Until no value has been explained again for one poll interval: every record and sweep so far is done. */
    private void awaitNothingRechecked() {
        long[] last = { -1, -1 };
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            long record = rechecks("record");
            long sweep = rechecks("sweep");
            boolean still = record == last[0] && sweep == last[1];
            last[0] = record;
            last[1] = sweep;
            return still;
        });
    }

    private String verdict(Scenario s, String value) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(instance.url()
                        + "/api/diagnostics/merchants/" + s.merchantId + "/carts/" + s.cartId + "/skus/" + value))
                .header("X-Api-Key", KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body()).path("verdict").asString();
    }

    private void awaitVerdict(Scenario s, String value, String verdict) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(verdict(s, value)).as(value).isEqualTo(verdict));
    }

    /** Another product of the scenario's merchant, in sync in its cart like the scenario's own. */
    private void publishProduct(Scenario s, int index) {
        String productId = s.productId + "-" + index;
        String sku = s.sku + "-" + index;
        Map<String, String> aliases = Map.of(ProductObserved.SKU_ALIAS, sku);
        events.send(Topics.PRODUCTS, Keys.product(s.merchantId, productId),
                new ProductObserved(s.merchantId, productId, sku, aliases, s.now.minus(Duration.ofDays(1))));
        events.send(Topics.INVENTORY_LEVELS, Keys.product(s.merchantId, productId), new InventoryLevelChanged(
                s.merchantId, productId, sku, aliases, Map.of("WH-1", new WarehouseLevel(10, 3, 7, s.levelObservedAt,
                s.levelLoadedAt)), null, s.levelObservedAt));
        events.send(Topics.ALIAS_INDEX, Keys.alias(s.merchantId, ProductObserved.SKU_ALIAS, sku), new AliasIndexChanged(
                s.merchantId, ProductObserved.SKU_ALIAS, sku, List.of(productId), s.now.minus(Duration.ofDays(1))));
        events.send(Topics.CART_PRODUCTS, Keys.cartValue(s.cartId, CartLocation.DEFAULT_LOCATION, sku), new CartProductObserved(s.merchantId,
                s.cartId, sku, true, true, "item-" + sku, 7L, s.cartReadAt));
        events.send(Topics.CART_PUSH_RESULTS, Keys.cartValue(s.cartId, CartLocation.DEFAULT_LOCATION, sku), new CartPushRecorded(s.merchantId,
                s.cartId, sku, productId, 7L, PushOutcome.PUSHED, null, s.attemptedAt, s.syncedAt, s.attemptedAt));
    }

    @Test
    @Order(1)
    void theGaugeFollowsOneResultToNotSyncedAndBackWithoutASweep() throws Exception {
        Scenario s = single;
        s.publish(events);
        awaitVerdict(s, s.sku, "IN_SYNC");
        awaitNothingRechecked();
        assertThat(gauge(s, "CART_LAST_PUSH")).isNull();
        long sweeps = rechecks("sweep");
        long records = rechecks("record");

        s.outcome = PushOutcome.FAILED;
        s.pushReason = "the cart answered 503";
        s.attemptedAt = Instant.now();
        s.publishPushResult(events);
        await().atMost(WAIT).untilAsserted(() -> assertThat(gauge(s, "CART_LAST_PUSH")).isEqualTo(1.0));

        s.outcome = PushOutcome.PUSHED;
        s.pushReason = null;
        s.attemptedAt = Instant.now();
        s.syncedAt = s.attemptedAt;
        s.publishPushResult(events);
        await().atMost(WAIT).untilAsserted(() -> assertThat(gauge(s, "CART_LAST_PUSH")).isEqualTo(0.0));
        awaitVerdict(s, s.sku, "IN_SYNC");

        assertThat(rechecks("sweep")).as("values swept").isEqualTo(sweeps);
        assertThat(rechecks("record")).as("values explained again for a record").isEqualTo(records + 2);
    }

    @Test
    @Order(2)
    void aCartSettingsChangeSweepsThatCartAndCountsEachOfItsValues() {
        Scenario s = wholeCart;
        s.publish(events);
        for (int index = 1; index <= 12; index++) {
            publishProduct(s, index);
        }
        awaitVerdict(s, s.sku, "IN_SYNC");
        awaitVerdict(s, s.sku + "-12", "IN_SYNC");
        awaitNothingRechecked();
        assertThat(gauge(s, "QUANTITY_MATCH")).isNull();
        long sweeps = rechecks("sweep");
        long records = rechecks("record");

        // a floor above every product's 7: the cart should show 0 and still shows 7 (no record says so)
        s.minimumInventoryLevel = 10;
        s.cartSavedAt = Instant.now();
        s.publishCart(events);

        await().atMost(WAIT).untilAsserted(() -> assertThat(gauge(s, "QUANTITY_MATCH")).isEqualTo(13.0));
        awaitVerdict(s, s.sku + "-7", "NOT_SYNCED");
        assertThat(rechecks("sweep")).as("values swept: this cart's 13 only").isEqualTo(sweeps + 13);
        assertThat(rechecks("record")).isEqualTo(records);
        assertThat(gauge(single, "CART_LAST_PUSH")).isEqualTo(0.0);
    }

    @Test
    @Order(3)
    void theCountsComeBackFromTheChangelogAfterARestartWithNothingExplained() throws Exception {
        instance.close();
        instance = startInstance();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gauge(wholeCart, "QUANTITY_MATCH")).isEqualTo(13.0);
            assertThat(gauge(single, "CART_LAST_PUSH")).as("a cause once counted reads 0").isEqualTo(0.0);
        });
        assertThat(rechecks("sweep")).as("values swept since the restart").isZero();
        awaitVerdict(wholeCart, wholeCart.sku + "-3", "NOT_SYNCED");
    }
}
