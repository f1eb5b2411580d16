package io.invsync.events;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} over {@link EventJson}, for Kafka Streams and plain clients. No type headers are written.
 * {@link #of} is JSON, the form of every public topic (DESIGN §3); {@link #stored} is the binary form for what only
 * the service itself reads back — state stores, their changelogs, internal (repartition) topics.
 */
public final class EventSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final boolean binary;

    private EventSerde(Class<T> type, boolean binary) {
        this.type = type;
        this.binary = binary;
    }

    /** JSON: for public topics, and for a store that Kafka Streams backs with a public topic. */
    public static <T> EventSerde<T> of(Class<T> type) {
        return new EventSerde<>(type, false);
    }

    /**
     * The binary form (Smile) for stores, changelogs and internal topics; it reads JSON too, so a store whose
     * changelog was written as JSON before restores as it was.
     */
    public static <T> EventSerde<T> stored(Class<T> type) {
        return new EventSerde<>(type, true);
    }

    @Override
    public Serializer<T> serializer() {
        if (binary) {
            return (topic, event) -> event == null ? null : EventJson.writeStored(event);
        }
        return (topic, event) -> event == null ? null : EventJson.write(event);
    }

    @Override
    public Deserializer<T> deserializer() {
        // A null value is a tombstone on a compacted topic: pass it on as null.
        if (binary) {
            return (topic, bytes) -> bytes == null ? null : EventJson.readStored(topic, bytes, type);
        }
        return (topic, bytes) -> bytes == null ? null : EventJson.read(topic, bytes, type);
    }
}
