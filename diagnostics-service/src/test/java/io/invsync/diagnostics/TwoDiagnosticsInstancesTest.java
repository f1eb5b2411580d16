package io.invsync.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

import io.invsync.events.EventJson;
import io.invsync.support.streams.OwnerPartitions;
import io.invsync.support.streams.StreamsInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two diagnostics-service instances on one broker (topics of 4 partitions): the merchants' partitions split
 * between them, either instance explains every SKU of every merchant the same (the one not holding the merchant
 * asks the one that does), the merchant list is the same from both, and when one stops the other holds every
 * merchant and still explains them all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoDiagnosticsInstancesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;
    private static final String KEY = "test-admin-key";

    private EmbeddedKafkaKraftBroker broker;
    private final List<StreamsInstance> instances = new ArrayList<>();
    /** One healthy scenario per partition, each its own merchant. */
    private final List<Scenario> scenarios = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                        ProducerConfig.PARTITIONER_CLASS_CONFIG, io.invsync.support.OwnerPartitioner.class),
                new StringSerializer(), new ByteArraySerializer());
        Set<Integer> taken = new TreeSet<>();
        for (int i = 0; scenarios.size() < PARTITIONS; i++) {
            Scenario scenario = new Scenario("two-" + i);
            if (taken.add(OwnerPartitions.of(scenario.merchantId, PARTITIONS))) {
                scenarios.add(scenario);
            }
        }
        for (int index = 0; index < 2; index++) {
            instances.add(new StreamsInstance(args -> DiagnosticsApplication.application().run(args),
                    "--invsync.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--invsync.admin-key=" + KEY,
                    "--invsync.topics.partitions=" + PARTITIONS,
                    "--INVSYNC_STATE_DIR=" + Files.createTempDirectory("diagnostics-two-" + index),
                    "--INVSYNC_STREAMS_SESSION_TIMEOUT_MS=6000", "--spring.main.banner-mode=off").start());
        }
        await().atMost(WAIT).until(() -> running(0) && running(1) && !partitions(0).isEmpty()
                && !partitions(1).isEmpty());
        Events events = new Events(producer);
        scenarios.forEach(s -> s.publish(events));
        producer.flush();
    }

    @AfterAll
    void stop() {
        instances.forEach(StreamsInstance::close);
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

    /** The partitions of the read model's tasks active on an instance. */
    private Set<Integer> partitions(int instance) {
        return instances.get(instance).activePartitions(io.invsync.events.Topics.INVENTORY_LEVELS);
    }

    private JsonNode get(int instance, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(instances.get(instance).url() + path)).header("X-Api-Key", KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path + " on instance " + instance + ": " + response.body())
                .isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }

    private static String explanationPath(Scenario s) {
        return "/api/diagnostics/merchants/" + s.merchantId + "/carts/" + s.cartId + "/skus/" + s.lookupValue();
    }

    /** What an explanation concludes: its verdict and each check's status (the ages in it move with the clock). */
    private static List<String> conclusion(JsonNode explanation) {
        List<String> statuses = new ArrayList<>(List.of(explanation.path("verdict").asString()));
        explanation.path("checks").forEach(c -> statuses.add(c.path("id").asString() + "=" + c.path("status").asString()));
        return statuses;
    }

    private void awaitEveryMerchantExplainedAlikeBy(List<Integer> from) {
        for (Scenario scenario : scenarios) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                List<List<String>> answers = new ArrayList<>();
                for (int instance : from) {
                    JsonNode explanation = get(instance, explanationPath(scenario));
                    assertThat(explanation.path("verdict").asString()).as(scenario + " on " + instance)
                            .isEqualTo("IN_SYNC");
                    answers.add(conclusion(explanation));
                }
                assertThat(answers).as(scenario.toString()).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
            });
        }
    }

    @Test
    @Order(1)
    void theMerchantsSplitAndEitherInstanceExplainsEverySkuTheSame() throws Exception {
        assertThat(partitions(0)).doesNotContainAnyElementsOf(partitions(1));
        assertThat(partitions(0).size() + partitions(1).size()).isEqualTo(PARTITIONS);
        awaitEveryMerchantExplainedAlikeBy(List.of(0, 1));
        for (Scenario scenario : scenarios) {
            String path = "/api/diagnostics/merchants/" + scenario.merchantId;
            assertThat(get(1, path).path("checks")).isEqualTo(get(0, path).path("checks"));
            String discrepancies = path + "/carts/" + scenario.cartId + "/discrepancies";
            assertThat(get(0, discrepancies).path("total").asInt()).isZero();
            assertThat(get(1, discrepancies).path("total").asInt()).isZero();
            // the overview and the CSV, from the holder whichever instance is asked
            String overview = path + "/carts/" + scenario.cartId + "/overview";
            JsonNode first = get(0, overview);
            assertThat(first.path("values").asLong()).isEqualTo(1);
            assertThat(first.path("byVerdict").get(1).path("count").asLong()).isEqualTo(1);
            ((ObjectNode) first).remove("at");
            JsonNode second = get(1, overview);
            ((ObjectNode) second).remove("at");
            assertThat(second).isEqualTo(first);
            for (int instance : List.of(0, 1)) {
                HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(instances.get(instance).url()
                        + discrepancies + "?format=csv")).header("X-Api-Key", KEY).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(csv.statusCode()).as("CSV on instance " + instance).isEqualTo(200);
                assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
                assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"discrepancies-"
                        + scenario.merchantId + "-" + scenario.cartId + ".csv\"");
                assertThat(csv.body()).isEqualTo("aliasValue,cause,drift,expected,pushed,cart,cartReadAt,lastSync,"
                        + "finding\r\n");
            }
        }
        List<String> listed = new ArrayList<>();
        get(1, "/api/diagnostics/merchants").forEach(m -> listed.add(m.path("merchantId").asString()));
        assertThat(listed).containsAll(scenarios.stream().map(s -> s.merchantId).toList());
        assertThat(get(0, "/api/diagnostics/merchants")).isEqualTo(get(1, "/api/diagnostics/merchants"));
    }

    @Test
    @Order(2)
    void whenOneInstanceStopsTheOtherHoldsEveryMerchantAndStillExplainsThemAll() throws Exception {
        instances.get(1).close();
        await().atMost(WAIT).until(() -> running(0) && partitions(0).size() == PARTITIONS);
        awaitEveryMerchantExplainedAlikeBy(List.of(0));

        instances.get(1).start();
        await().atMost(WAIT).until(() -> running(0) && running(1) && !partitions(1).isEmpty()
                && partitions(0).size() + partitions(1).size() == PARTITIONS);
        awaitEveryMerchantExplainedAlikeBy(List.of(0, 1));
    }
}
