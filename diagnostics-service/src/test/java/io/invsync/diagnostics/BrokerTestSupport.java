package io.invsync.diagnostics;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

/**
 * The one Spring context of the module's broker tests: the service on a random port, reading an in-JVM KRaft
 * broker. Every test class extends this without adding configuration, so they all share the context (and the
 * broker); each scenario uses its own merchant and cart ids, so they do not see each other's events.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=diagnostics-service",
        "invsync.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "invsync.topics.partitions=1",
        "invsync.admin-key=" + BrokerTestSupport.ADMIN_KEY,
        "invsync.read-key=" + BrokerTestSupport.READ_KEY,
        "invsync.diagnostics.metrics-interval=PT0.3S",
        // every value of the context's few hundred rechecked about twice a second, for the time-based causes
        "invsync.diagnostics.sweep.tick=PT0.1S",
        "invsync.diagnostics.sweep.recheck-period=PT0.5S",
        "spring.cloud.stream.default.consumer.back-off-initial-interval=20",
        "spring.cloud.stream.default.consumer.back-off-max-interval=50",
        "INVSYNC_STATE_DIR=${java.io.tmpdir}/invsync-test/diagnostics-${random.uuid}"})
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrokerTestSupport {

    public static final String ADMIN_KEY = "test-admin-key";
    public static final String READ_KEY = "test-read-key";
    /** The first wait also covers the consumers joining their group. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private static Producer<String, byte[]> producer;

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected EmbeddedKafkaBroker broker;

    @Autowired
    private org.springframework.kafka.config.StreamsBuilderFactoryBean streams;

    /** Ready: the read model's stores are restored and its tasks assigned (readiness waits on the same). */
    @org.junit.jupiter.api.BeforeAll
    void awaitReadModel() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> streams.getKafkaStreams() != null
                && streams.getKafkaStreams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
    }

    /** One producer for the whole run, like the broker; closed with the JVM. */
    protected synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new DefaultKafkaProducerFactory<>(ownerPartitioned(KafkaTestUtils.producerProps(broker)), new StringSerializer(),
                    new ByteArraySerializer()).createProducer();
        }
        return producer;
    }

    protected Events events() {
        return new Events(producer());
    }

    /** GET with the read key; the body as a JSON tree. */
    protected JsonNode getJson(String path) throws Exception {
        MvcResult result = mvc.perform(get(path).header("X-Api-Key", READ_KEY)).andReturn();
        String body = result.getResponse().getContentAsString();
        if (result.getResponse().getStatus() != 200) {
            throw new AssertionError("GET " + path + " answered " + result.getResponse().getStatus() + ": " + body);
        }
        return EventJson.mapper().readTree(body);
    }

    protected JsonNode explain(Scenario scenario) throws Exception {
        return explain(scenario, scenario.lookupValue());
    }

    protected JsonNode explain(Scenario scenario, String value) throws Exception {
        return getJson("/api/diagnostics/merchants/" + scenario.merchantId + "/carts/" + scenario.cartId + "/skus/"
                + value);
    }

    protected static JsonNode check(JsonNode explanation, String id) {
        for (JsonNode check : explanation.get("checks")) {
            if (check.get("id").asString().equals(id)) {
                return check;
            }
        }
        throw new AssertionError("no check " + id + " in " + explanation);
    }

    protected static String statusOf(JsonNode explanation, String id) {
        return check(explanation, id).get("status").asString();
    }

    /** As the services' producers: by the key's owner (DESIGN §3), which the Streams topologies rely on. */
    private static java.util.Map<String, Object> ownerPartitioned(java.util.Map<String, Object> props) {
        props.put("partitioner.class", io.invsync.support.OwnerPartitioner.class);
        return props;
    }
}
