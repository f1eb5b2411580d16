package io.invsync.bench;


import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import io.invsync.events.EventSerde;
import io.invsync.events.InventoryLevelChanged;

/**
 * The value serde of the level stores (inventory-service's kit-levels, cart-push's planning table), through Kafka's
 * {@link Serializer} and {@link Deserializer} as Kafka Streams calls them on every put and every get that misses the
 * record cache: in JSON ({@code EventSerde.of}, the public topics' form) and in the stores' binary form
 * ({@code EventSerde.stored}), side by side.
 */
public class StoreSerdeBenchmark extends BenchmarkSettings {

    /** {@code json}: EventSerde.of; {@code binary}: EventSerde.stored. */
    @Param({ "json", "binary" })
    public String form;

    /** A changelog name: the serde uses the topic only to name it in an error. */
    private static final String CHANGELOG = "invsync-cart-push-plan-levels-changelog";

    private Serializer<InventoryLevelChanged> serializer;
    private Deserializer<InventoryLevelChanged> deserializer;
    private InventoryLevelChanged level;
    private byte[] stored;

    @Setup
    public void setUp() {
        EventSerde<InventoryLevelChanged> serde = "binary".equals(form) ? EventSerde.stored(InventoryLevelChanged.class)
                : EventSerde.of(InventoryLevelChanged.class);
        serializer = serde.serializer();
        deserializer = serde.deserializer();
        level = Fixtures.level();
        stored = serializer.serialize(CHANGELOG, level);
        EventJsonBenchmark.check(level, deserializer.deserialize(CHANGELOG, stored));
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(CHANGELOG, level);
    }

    @Benchmark
    public InventoryLevelChanged deserialize() {
        return deserializer.deserialize(CHANGELOG, stored);
    }

    /** A put followed by a get of the same value, as a level that is stored and read back at the next flush. */
    @Benchmark
    public InventoryLevelChanged roundTrip() {
        return deserializer.deserialize(CHANGELOG, serializer.serialize(CHANGELOG, level));
    }
}
