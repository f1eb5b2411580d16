package io.invsync.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import io.invsync.events.DeadLetterHeaders;
import io.invsync.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/** Records that could not be processed: counted per topic and the last few shown, values cut to 1 KB. */
class DeadLettersTest extends BrokerTestSupport {

    @Autowired
    MeterRegistry registry;

    @Autowired
    Environment environment;

    private double count(String topic) {
        return registry.find("invsync.dlq.records").tags("topic", topic).counter().count();
    }

    private JsonNode deadLetter(String topic, String key) throws Exception {
        for (JsonNode item : getJson("/api/diagnostics/dead-letters?topic=" + topic).get("items")) {
            if (key.equals(item.path("key").asString(null))) {
                return item;
            }
        }
        return null;
    }

    @Test
    void countsAndShowsARecordTheReadModelCouldNotRead() throws Exception {
        // a record the products consumer cannot read: the binder retries, then writes it to invsync.products.v1.dlq
        events().sendRaw(new ProducerRecord<>(Topics.PRODUCTS, "m-dlq/P1",
                "{\"merchantId\":\"m-dlq\",\"productId\":".getBytes(StandardCharsets.UTF_8)));

        await().atMost(WAIT).untilAsserted(() -> assertThat(deadLetter(Topics.PRODUCTS, "m-dlq/P1")).isNotNull());
        JsonNode letter = deadLetter(Topics.PRODUCTS, "m-dlq/P1");
        assertThat(letter.get("dlqTopic").asString()).isEqualTo(Topics.dlq(Topics.PRODUCTS));
        assertThat(letter.get("errorMessage").asString()).contains("invalid record on invsync.products.v1");
        assertThat(letter.get("sourceOffset").isNumber()).isTrue();
        assertThat(letter.get("failedAt").asString()).isNotBlank();
        assertThat(count(Topics.PRODUCTS)).isEqualTo(1.0);
        assertThat(getJson("/api/diagnostics/dead-letters").get("counts").get(Topics.PRODUCTS).asLong()).isEqualTo(1);
    }

    @Test
    void keepsNoMoreThanOneKilobyteOfADeadLettersValue() throws Exception {
        byte[] big = new byte[5000];
        Arrays.fill(big, (byte) 'x');
        var record = new ProducerRecord<String, byte[]>(Topics.dlq(Topics.CART_ORDERS), "m-big/S1", big);
        record.headers().add(Events.header(DeadLetterHeaders.EXCEPTION_MESSAGE, "quantity: must be positive"));
        events().sendRaw(record);

        await().atMost(WAIT).untilAsserted(() -> assertThat(deadLetter(Topics.CART_ORDERS, "m-big/S1")).isNotNull());
        JsonNode letter = deadLetter(Topics.CART_ORDERS, "m-big/S1");
        assertThat(letter.get("value").asString().getBytes(StandardCharsets.UTF_8)).hasSize(1024);
        assertThat(letter.get("valueBytes").asInt()).isEqualTo(5000);
        assertThat(letter.get("errorMessage").asString()).isEqualTo("quantity: must be positive");
        assertThat(count(Topics.CART_ORDERS)).isEqualTo(1.0);
    }

    @Test
    void readsTheDeadLetterTopicOfEveryTopicWithoutADeadLetterTopicOfItsOwn() {
        String prefix = "spring.cloud.stream.bindings.countDeadLetters-in-0.";
        List<String> destinations = Arrays.asList(environment.getRequiredProperty(prefix + "destination").split(","));

        assertThat(destinations).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topics::dlq).toList());
        assertThat(environment.getProperty("spring.cloud.stream.kafka.bindings.countDeadLetters-in-0.consumer.enable-dlq",
                Boolean.class, false)).isFalse();
        assertThat(environment.getProperty(prefix + "consumer.max-attempts", Integer.class)).isEqualTo(1);
    }

    @Test
    void refusesToListDeadLettersWithoutAKeyOrForAnUnknownTopic() throws Exception {
        mvc.perform(get("/api/diagnostics/dead-letters")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/diagnostics/dead-letters").param("topic", "nope").header("X-Api-Key", READ_KEY))
                .andExpect(status().isBadRequest());
    }
}
