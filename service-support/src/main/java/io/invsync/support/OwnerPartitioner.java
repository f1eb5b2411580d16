package io.invsync.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

import io.invsync.events.Keys;
import io.invsync.support.streams.OwnerPartitions;

/**
 * The producers' partitioner (DESIGN §3): a record goes to the partition of its key's owner — the key's first part,
 * {@code merchantId} in {@code merchantId/productId}, {@code cartId} in {@code cartId/location/aliasValue} — so
 * that everything of one merchant, or of one cart, lands in one partition of every topic, and a Streams task that
 * holds a merchant's partition of one topic holds it of all of them without repartitioning. The same function as
 * {@link OwnerPartitions#of} (the Streams sinks' and the interactive queries' partitioning).
 */
public final class OwnerPartitioner implements Partitioner {

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        if (key == null && keyBytes == null) {
            return ThreadLocalRandom.current().nextInt(partitions); // no owner: every event here has a key
        }
        String text = key instanceof String s ? s : new String(keyBytes, StandardCharsets.UTF_8);
        return OwnerPartitions.of(Keys.owner(text), partitions);
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
