package io.invsync.ingest.pull;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.invsync.events.Keys;
import io.invsync.support.streams.OwnerPartitions;
import io.invsync.events.Topics;
import io.invsync.support.InvsyncProperties;

/**
 * Which merchants this instance pulls: those in the partitions of {@code invsync.merchants.v1} that Kafka's
 * consumer-group protocol assigns it in the group {@code wms-ingest-service-pulls}. The consumer takes no records
 * (it only holds its membership); a second instance takes over half the partitions, and when an instance dies the
 * group gives its partitions to the others within the session timeout, so each merchant is pulled by exactly one
 * live instance. The merchant's partition is the one its record key goes to (Kafka's default partitioner).
 */
@Component
public class PullOwnership implements SmartLifecycle {

    static final String GROUP = "wms-ingest-service-pulls";
    private static final Logger log = LoggerFactory.getLogger(PullOwnership.class);

    private final Map<String, Object> config;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private volatile int partitions;
    private volatile boolean running;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    PullOwnership(InvsyncProperties properties,
            @Value("${invsync.pull.ownership-session-timeout:PT10S}") Duration sessionTimeout) {
        this.config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1000, sessionTimeout.toMillis() / 3),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    }

    /** Whether this instance pulls the merchant now. */
    public boolean owns(String merchantId) {
        int count = partitions;
        return count > 0 && owned.contains(partitionOf(merchantId, count));
    }

    /** The partitions of the merchants topic whose merchants this instance pulls now. */
    public Set<Integer> ownedPartitions() {
        return Set.copyOf(owned);
    }

    static int partitionOf(String merchantId, int partitions) {
        return OwnerPartitions.of(Keys.merchant(merchantId), partitions);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::hold, "pull-ownership");
        thread.setDaemon(true);
        thread.start();
    }

    private void hold() {
        try {
            List<PartitionInfo> info = consumer.partitionsFor(Topics.MERCHANTS);
            partitions = info == null ? 0 : info.size();
            consumer.subscribe(List.of(Topics.MERCHANTS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    revoked.forEach(tp -> owned.remove(tp.partition()));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    assigned.forEach(tp -> owned.add(tp.partition()));
                    log.info("pulls: this instance now pulls the merchants of partitions {} of {}", owned, Topics.MERCHANTS);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> lost) {
                    onPartitionsRevoked(lost);
                }
            });
            while (running) {
                consumer.poll(Duration.ofSeconds(1)); // records are not needed: polling keeps the membership
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("pulls: the ownership consumer stopped, so this instance pulls no merchant: {}", e.toString(), e);
        } finally {
            owned.clear();
            consumer.close(Duration.ofSeconds(5));
            running = false;
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
