package io.invsync.ingest;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

import io.invsync.events.EventJson;

/** One Spring context and one broker for every ingest test class (same configuration, so it is cached). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=wms-ingest-service",
        "invsync.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "invsync.admin-key=" + IngestTestBase.KEY,
        "invsync.ingest.max-body-bytes=3000000",
        "invsync.pull.timeout=PT1S",
        "invsync.pull.page-size=2",
        "INVSYNC_SECRET_WMS_SIGNING=signing-secret",
        "INVSYNC_SECRET_WMS_TOKEN=wms-token\\n", // with the newline a file or `echo` leaves: trimmed
        "INVSYNC_SECRET_GRANTS=WMS_TOKEN=down,garbled,puller,slow,wms-url,future-puller;WMS_SIGNING=signed",
        "invsync.outbound.allow=localhost,127.0.0.1"})
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
@DirtiesContext
abstract class IngestTestBase {

    static final String KEY = "test-admin-key";

    @Autowired
    MockMvc mvc;

    @Autowired
    EmbeddedKafkaBroker broker;

    void merchant(String merchantId, String body) throws Exception {
        mvc.perform(put("/api/merchants/" + merchantId).header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk());
    }

    void automaticMerchant(String merchantId) throws Exception {
        merchant(merchantId, "{\"name\":\"Test\",\"inventorySync\":\"AUTOMATIC\"}");
    }

    /** Every event of {@code type} on {@code topic} for the merchant, read from the beginning until {@code count}. */
    <T> List<T> readAtLeast(String topic, Class<T> type, java.util.function.Predicate<T> filter, int count) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "reader-" + System.nanoTime(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<T> seen = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new ByteArrayDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(topic));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : KafkaTestUtils.getRecords(consumer, Duration.ofMillis(200))) {
                    T event = EventJson.read(topic, record.value(), type);
                    if (filter.test(event)) {
                        seen.add(event);
                    }
                }
                return seen.size() >= count;
            });
        }
        return seen;
    }
}
