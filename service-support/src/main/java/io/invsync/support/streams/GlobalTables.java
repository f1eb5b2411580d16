package io.invsync.support.streams;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.invsync.events.EventFormatException;
import io.invsync.events.EventSerde;

/**
 * Small tables (merchants, carts) that every instance holds whole, in memory (DESIGN §2). A record that cannot be
 * read is dead-lettered as it arrives ({@link DeadLetteringDeserializationHandler}, the service's
 * {@code deserialization.exception.handler}); one already in the table (restored as bytes) reads as no row rather
 * than failing every read of the table.
 */
public final class GlobalTables {

    private static final Logger log = LoggerFactory.getLogger(GlobalTables.class);

    private GlobalTables() {
    }

    public static <V> void add(StreamsBuilder builder, String topic, String store, Class<V> type) {
        builder.globalTable(topic, Consumed.with(Serdes.String(), EventSerde.of(type))
                        .withName("read-" + topic.replace("invsync.", "").replace('.', '-')),
                Materialized.<String, V>as(Stores.inMemoryKeyValueStore(store)).withKeySerde(Serdes.String())
                        .withValueSerde(lenient(type)));
    }

    /**
     * The event serde, reading a record it cannot parse as null (logged) instead of throwing. A row is parsed once:
     * the table is read on every record the topology processes (the carts of a level's merchant), and the events are
     * immutable records, so the value parsed from the same bytes is handed out again.
     */
    static <V> Serde<V> lenient(Class<V> type) {
        Serde<V> strict = EventSerde.of(type);
        Map<ByteBuffer, Optional<V>> parsed = new ConcurrentHashMap<>();
        return Serdes.serdeFrom(strict.serializer(), (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer row = ByteBuffer.wrap(bytes);
            Optional<V> known = parsed.get(row);
            if (known != null) {
                return known.orElse(null);
            }
            V value;
            try {
                value = strict.deserializer().deserialize(topic, bytes);
            } catch (EventFormatException e) {
                log.warn("a row of {} cannot be read and is ignored: {}", topic, e.getMessage());
                value = null;
            }
            if (parsed.size() >= PARSED_ROWS) {
                parsed.clear(); // rows replaced many times over: start again rather than grow
            }
            parsed.put(ByteBuffer.wrap(bytes.clone()), Optional.ofNullable(value));
            return value;
        });
    }

    /** How many distinct rows of one table are kept parsed (tables here are small: DESIGN §2). */
    private static final int PARSED_ROWS = 10_000;
}
