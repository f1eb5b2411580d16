package io.invsync.ingest.config;

import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;

import io.invsync.events.EventJson;
import io.invsync.events.TopicDefinitions;
import io.invsync.events.Topics;

/** Sends events that REST calls and schedules start, with the event JSON settings and the topic's key. */
@Component
public class EventPublisher {

    static final List<String> PUBLISHED = List.of(Topics.MERCHANTS, Topics.INVENTORY_RUNS, Topics.WAREHOUSES,
            Topics.PRODUCTS, Topics.AVAILABLE_QUANTITIES, Topics.CART_ORDERS);

    private final StreamBridge bridge;

    EventPublisher(StreamBridge bridge, @Value("${spring.cloud.stream.kafka.binder.brokers}") String brokers,
            @Value("${invsync.topics.partitions}") int partitions,
            @Value("${invsync.topics.replication-factor}") short replicationFactor) {
        this.bridge = bridge;
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            TopicDefinitions.ensure(admin, PUBLISHED, partitions, replicationFactor);
        }
    }

    public void publish(String topic, String key, Object event) {
        boolean sent = bridge.send(topic, MessageBuilder.withPayload(EventJson.write(event))
                .setHeader(KafkaHeaders.KEY, key)
                .setHeader("contentType", MimeTypeUtils.APPLICATION_JSON_VALUE)
                .build());
        if (!sent) {
            throw new IllegalStateException("could not hand an event for " + topic + " to the binder");
        }
    }
}
