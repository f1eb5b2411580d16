package io.invsync.events;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka {@link Serde} over {@link EventJson}, for Kafka Streams and plain clients. No type headers are written. */
public final class EventSerde<T> implements Serde<T> {

    private final Class<T> type;

    private EventSerde(Class<T> type) {
        this.type = type;
    }

    public static <T> EventSerde<T> of(Class<T> type) {
        return new EventSerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, event) -> event == null ? null : EventJson.write(event);
    }

    @Override
    public Deserializer<T> deserializer() {
        // A null value is a tombstone on a compacted topic: pass it on as null.
        return (topic, bytes) -> bytes == null ? null : EventJson.read(topic, bytes, type);
    }
}
