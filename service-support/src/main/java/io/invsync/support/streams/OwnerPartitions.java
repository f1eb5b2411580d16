package io.invsync.support.streams;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

import io.invsync.events.Keys;

/**
 * Partitioning by the owner of a record (a merchant or a cart) rather than by its whole key: every record of one
 * owner lands in one partition, whatever else its key holds, so that one task (and one instance) holds all of
 * them. The partition of an owner is the one Kafka's default partitioner gives a record keyed by the owner's id
 * alone ({@code toPositive(murmur2(id)) % partitions}), so a topic keyed by {@code cartId} (the carts topic) is
 * partitioned the same way without a partitioner of its own.
 */
public final class OwnerPartitions {

    private OwnerPartitions() {
    }

    public static int of(String ownerId, int partitions) {
        return Utils.toPositive(Utils.murmur2(ownerId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** A partitioner for a repartition or sink that routes each record by the owner {@code owner} names. */
    public static <K, V> StreamPartitioner<K, V> by(BiFunction<K, V, String> owner) {
        return (topic, key, value, partitions) -> Optional.of(Set.of(of(owner.apply(key, value), partitions)));
    }

    /** The partitioner of every sink keyed {@code owner/...}: the producers' {@code OwnerPartitioner}, for Streams. */
    public static <V> StreamPartitioner<String, V> byKey() {
        return by((key, value) -> Keys.owner(key));
    }

    /** A partitioner that names one partition whatever the record: for asking Streams who holds that partition. */
    public static <K, V> StreamPartitioner<K, V> fixed(int partition) {
        return (topic, key, value, partitions) -> Optional.of(Set.of(partition));
    }
}
