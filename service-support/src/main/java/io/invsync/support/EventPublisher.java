package io.invsync.support;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import io.invsync.events.EventJson;

/** Sends events that REST calls and schedules start, written with the event JSON settings and keyed. */
public class EventPublisher {

    private final StreamBridge bridge;

    public EventPublisher(StreamBridge bridge) {
        this.bridge = bridge;
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
