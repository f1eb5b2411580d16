package io.invsync.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * Knows when a service that rebuilds its tables from topics on start has read everything that was there when it
 * started, so that it does not act on half-loaded state (a cart-push planner that has not yet read the last
 * results would push quantities the cart already has). A topic whose old records were deleted by retention may
 * never deliver its last offset, so after {@code patience} the tables count as loaded anyway.
 */
public class CatchUp {

    private static final Logger log = LoggerFactory.getLogger(CatchUp.class);
    private static final Duration LEADERS_PATIENCE = Duration.ofSeconds(30);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(200);

    private final Map<TopicPartition, Long> endAtStart;
    private final Map<TopicPartition, Long> processed = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Instant giveUpAt;
    private volatile boolean caughtUp;

    public CatchUp(String bootstrapServers, List<String> topics, Duration patience, Clock clock) {
        this.clock = clock;
        this.giveUpAt = Instant.now(clock).plus(patience);
        this.endAtStart = endOffsets(bootstrapServers, topics);
        caughtUp = endAtStart.isEmpty();
    }

    /**
     * The end offsets of every partition of the topics. Topics another service has just created may not have
     * leaders yet: that is retried for up to half a minute.
     */
    private static Map<TopicPartition, Long> endOffsets(String bootstrapServers, List<String> topics) {
        Instant deadline = Instant.now().plus(LEADERS_PATIENCE);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (true) {
                try {
                    var partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                            .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                    Map<TopicPartition, Long> ends = new HashMap<>();
                    admin.listOffsets(partitions).all().get().forEach((tp, info) -> {
                        if (info.offset() > 0) {
                            ends.put(tp, info.offset());
                        }
                    });
                    return Map.copyOf(ends);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException) || Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("cannot read the end offsets of " + topics + ": "
                                + e.getCause().getMessage(), e);
                    }
                    Thread.sleep(RETRY_BACKOFF.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading end offsets", e);
        }
    }

    /** Notes that a consumer processed this record. */
    public void processed(Message<?> message) {
        if (caughtUp) {
            return;
        }
        String topic = message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC, String.class);
        Integer partition = message.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION, Integer.class);
        Long offset = message.getHeaders().get(KafkaHeaders.OFFSET, Long.class);
        if (topic != null && partition != null && offset != null) {
            processed.merge(new TopicPartition(topic, partition), offset, Math::max);
        }
    }

    public boolean caughtUp() {
        if (caughtUp) {
            return true;
        }
        boolean all = endAtStart.entrySet().stream()
                .allMatch(end -> processed.getOrDefault(end.getKey(), -1L) >= end.getValue() - 1);
        if (all) {
            log.info("tables loaded: read up to the end offsets of {} partitions seen at start", endAtStart.size());
            caughtUp = true;
        } else if (Instant.now(clock).isAfter(giveUpAt)) {
            log.warn("tables count as loaded after waiting: some partitions never delivered their last offset "
                    + "(records removed by retention?): {}", endAtStart.keySet().stream()
                    .filter(tp -> processed.getOrDefault(tp, -1L) < endAtStart.get(tp) - 1).toList());
            caughtUp = true;
        }
        return caughtUp;
    }
}
