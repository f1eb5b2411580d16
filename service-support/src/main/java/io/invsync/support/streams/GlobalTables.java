package io.invsync.support.streams;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;

import io.invsync.events.EventSerde;

/**
 * Small tables (merchants, carts) that every instance holds whole, in memory (DESIGN §2). A record that cannot be
 * read is dead-lettered as it arrives ({@link DeadLetteringDeserializationHandler}, the service's
 * {@code deserialization.exception.handler}) and never enters the table.
 */
public final class GlobalTables {

    private GlobalTables() {
    }

    public static <V> void add(StreamsBuilder builder, String topic, String store, Class<V> type) {
        // Kafka Streams reads a global table's store with the serdes of Consumed (they replace Materialized's)
        builder.globalTable(topic, Consumed.with(Serdes.String(), parsedOnce(type))
                        .withName("read-" + topic.replace("invsync.", "").replace('.', '-')),
                Materialized.<String, V>as(Stores.inMemoryKeyValueStore(store)));
    }

    /**
     * The event serde, parsing each distinct row once: the store keeps bytes and every read of it deserializes, and
     * the table is read on every record a topology processes (the carts of a level's merchant), while the events are
     * immutable records, so the value parsed from the same bytes is handed out again. A row that cannot be parsed
     * throws, as the event serde does (so it is dead-lettered as it arrives).
     */
    static <V> Serde<V> parsedOnce(Class<V> type) {
        Serde<V> strict = EventSerde.of(type);
        Map<ByteBuffer, V> parsed = new ConcurrentHashMap<>();
        return Serdes.serdeFrom(strict.serializer(), (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            V known = parsed.get(ByteBuffer.wrap(bytes));
            if (known != null) {
                return known;
            }
            V value = strict.deserializer().deserialize(topic, bytes);
            if (parsed.size() >= PARSED_ROWS) {
                parsed.clear(); // rows replaced many times over: start again rather than grow
            }
            parsed.put(ByteBuffer.wrap(bytes.clone()), value);
            return value;
        });
    }

    /** How many distinct rows of one table are kept parsed (tables here are small: DESIGN §2). */
    private static final int PARSED_ROWS = 10_000;
}
