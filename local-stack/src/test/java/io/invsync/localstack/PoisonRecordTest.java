package io.invsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.invsync.events.DeadLetterHeaders;
import io.invsync.events.Topics;

/** A record no service can read, on every topic: it lands in the topic's .dlq with the reason, and work goes on. */
class PoisonRecordTest {

    @Test
    void everyConsumedTopicSendsAPoisonRecordToItsDeadLetterTopicAndProcessingGoesOn() throws Exception {
        SharedStack stack = SharedStack.get();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                stack.broker.getBrokersAsString()), new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : Topics.ALL) {
                producer.send(new ProducerRecord<>(topic, "poison/" + topic, "{not json".getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }

        Map<String, String> reasons = new HashMap<>();
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", stack.broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "poison-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Topics.ALL.stream().map(Topics::dlq).toList());
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, byte[]> dead : consumer.poll(Duration.ofMillis(300))) {
                    if (dead.key() != null && dead.key().startsWith("poison/")) {
                        reasons.put(dead.topic(), reason(dead));
                    }
                }
                return reasons.size() == Topics.ALL.size();
            });
        }
        for (String topic : Topics.ALL) {
            System.out.println("dead letter reason on " + Topics.dlq(topic) + ": " + reasons.get(Topics.dlq(topic)));
            assertThat(reasons.get(Topics.dlq(topic))).as(topic).contains("invalid record on " + topic);
        }

        // and the pipeline still works end to end
        stack.send("PUT", stack.ingest + "/api/merchants/after-poison", "application/json",
                "{\"inventorySync\":\"AUTOMATIC\"}", SharedStack.ADMIN_KEY);
        stack.send("PUT", stack.cartPush + "/api/carts/after-poison-shop", "application/json", """
                {"merchantId":"after-poison","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"%s"}"""
                .formatted(stack.cart.url(), SharedStack.CART_REF), SharedStack.ADMIN_KEY);
        stack.send("POST", stack.ingest + "/api/merchants/after-poison/inventory", "application/json",
                "{\"items\":[{\"sku\":\"AFTER-1\",\"onHand\":6}]}", SharedStack.ADMIN_KEY);
        await().atMost(Duration.ofSeconds(60)).until(() -> Long.valueOf(6).equals(stack.cart.quantity("AFTER-1")));
    }

    private static String reason(ConsumerRecord<String, byte[]> dead) {
        for (String name : List.of(DeadLetterHeaders.BINDER_EXCEPTION_MESSAGE, DeadLetterHeaders.EXCEPTION_MESSAGE)) {
            Header header = dead.headers().lastHeader(name);
            if (header != null) {
                return new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
