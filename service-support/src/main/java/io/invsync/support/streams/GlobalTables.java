package io.invsync.support.streams;

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

    /** The event serde, reading a record it cannot parse as null (logged) instead of throwing. */
    static <V> Serde<V> lenient(Class<V> type) {
        Serde<V> strict = EventSerde.of(type);
        return Serdes.serdeFrom(strict.serializer(), (topic, bytes) -> {
            try {
                return strict.deserializer().deserialize(topic, bytes);
            } catch (EventFormatException e) {
                log.warn("a row of {} cannot be read and is ignored: {}", topic, e.getMessage());
                return null;
            }
        });
    }
}
