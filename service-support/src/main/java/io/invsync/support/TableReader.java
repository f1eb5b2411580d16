package io.invsync.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.invsync.events.DeadLetterHeaders;
import io.invsync.events.EventJson;
import io.invsync.events.Topics;

/**
 * Reads the topics a service rebuilds its in-memory tables from: every partition of each, from the beginning, on
 * every start, with one plain consumer and one thread. A record its handler cannot take (it throws) goes to the
 * topic's {@code .dlq} with the reason in the headers Spring's dead-letter publishers write, and reading goes on.
 *
 * <p>Tables are read whole by every instance, so there is no group membership to balance (the partitions are
 * assigned, not subscribed); the group id only carries committed positions, so that consumer lag shows in the
 * usual tools. {@link #caughtUp()} says when every partition has been read up to its end offset as it was at
 * start: a service should not act on a half-loaded table.
 *
 * <p>The reader never stops silently: when its thread ends other than by {@link #stop()} (the broker gone past the
 * client's timeouts, a dead letter that cannot be written, an error), the cause is logged and {@link #health()}
 * says so, which makes the service's liveness DOWN ({@link TableReaderHealth}), so that it is restarted.
 *
 * <p>Spring Cloud Stream's per-record function invocation, conversion and header mapping cost several times the
 * handling itself on these hot, high-volume topics (measured by the benchmark), hence a plain consumer here.
 */
public class TableReader implements SmartLifecycle {

    /** Takes one record of a table; throws when the record cannot be taken, which sends it to the topic's .dlq. */
    @FunctionalInterface
    private interface Handler {
        void take(String key, byte[] value);
    }

    /** The tables to read, in the order their partitions are assigned: a topic, its event type, what takes a row. */
    public static final class Tables {

        private final Map<String, Handler> handlers = new LinkedHashMap<>();

        public <T> Tables add(String topic, Class<T> type, Consumer<T> take) {
            handlers.put(topic, (key, value) -> take.accept(EventJson.readTableRow(topic, value, type)));
            return this;
        }

        /** A table whose tombstones (null values) delete: {@code delete} is given the key. */
        public <T> Tables add(String topic, Class<T> type, Consumer<T> take, Consumer<String> delete) {
            handlers.put(topic, (key, value) -> {
                if (value == null) {
                    delete.accept(key);
                } else {
                    take.accept(EventJson.readTableRow(topic, value, type));
                }
            });
            return this;
        }
    }

    /** Told after each poll (with or without records) whether the tables are loaded: see {@link #caughtUp()}. */
    @FunctionalInterface
    public interface Progress {
        void afterPoll(boolean caughtUp);
    }

    private static final Logger log = LoggerFactory.getLogger(TableReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(5);
    private static final Duration NEW_PARTITIONS_EVERY = Duration.ofMinutes(1);

    private final String name;
    private final Map<String, Handler> handlers;
    private final Progress progress;
    private final EventPublisher deadLetters;
    private final Map<String, Object> consumerConfig;
    private KafkaConsumer<String, byte[]> consumer;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<TopicPartition, Long> endAtStart = new HashMap<>();
    private volatile boolean caughtUp;
    private volatile boolean running;
    private volatile boolean stopRequested;
    private volatile Throwable failure;
    private volatile Instant failedAt;
    private Thread thread;

    /**
     * @param name       names the thread and the log lines
     * @param group      the group the read positions are committed under (lag monitoring only)
     * @param progress   told after each poll, once the records polled have been handled
     */
    public TableReader(String name, String bootstrapServers, String group, Tables tables, Progress progress,
            EventPublisher deadLetters) {
        this.name = name;
        this.handlers = new LinkedHashMap<>(tables.handlers);
        this.progress = progress;
        this.deadLetters = deadLetters;
        this.consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + name);
    }

    /** The reader's state for a health check; see {@link TableReaderHealth}. */
    public record Health(String name, boolean reading, boolean caughtUp, String failure, Instant failedAt) {
    }

    /** Reading, or why and when reading stopped without {@link #stop()} ({@code failure} null while it reads). */
    public Health health() {
        Throwable failed = failure;
        return new Health(name, running, caughtUp, failed == null ? null : failed.toString(), failedAt);
    }

    public String name() {
        return name;
    }

    /** Whether every partition has been read up to the end offset it had when reading started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stopRequested = false;
        failure = null;
        failedAt = null;
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::read, "table-reader-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        stopRequested = true;
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                log.warn("{}: the reader did not stop within 10 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void read() {
        try {
            assignNewPartitions();
            Instant nextCommit = Instant.now().plus(COMMIT_EVERY);
            Instant nextPartitionCheck = Instant.now().plus(NEW_PARTITIONS_EVERY);
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<String, byte[]> record : records) {
                    take(record);
                }
                if (!caughtUp) {
                    noteCatchingUp();
                }
                progress.afterPoll(caughtUp);
                Instant now = Instant.now();
                if (now.isAfter(nextCommit)) {
                    commitPositions();
                    nextCommit = now.plus(COMMIT_EVERY);
                }
                if (now.isAfter(nextPartitionCheck)) {
                    assignNewPartitions();
                    nextPartitionCheck = now.plus(NEW_PARTITIONS_EVERY);
                }
            }
        } catch (WakeupException e) {
            if (!stopRequested) {
                ended(e);
            }
        } catch (Throwable e) { // an Error too: a thread that dies unseen leaves the service up but blind
            ended(e);
        } finally {
            try {
                commitPositions();
            } catch (RuntimeException e) {
                log.debug("{}: positions not committed on close: {}", name, e.toString());
            }
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("{}: consumer not closed cleanly: {}", name, e.toString());
            }
            if (!stopRequested && failure == null) {
                ended(new IllegalStateException("the reader stopped without being asked to"));
            }
            running = false;
            stopped.countDown();
        }
    }

    private void ended(Throwable cause) {
        failedAt = Instant.now();
        failure = cause;
        log.error("{}: the table reader stopped, the service's tables no longer follow Kafka (health DOWN): {}",
                name, cause.toString(), cause);
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        try {
            handlers.get(record.topic()).take(record.key(), record.value());
        } catch (RuntimeException e) {
            log.warn("{}: record {}-{}@{} sent to {}: {}", name, record.topic(), record.partition(), record.offset(),
                    Topics.dlq(record.topic()), e.getMessage());
            var letter = new ProducerRecord<>(Topics.dlq(record.topic()), null, record.key(), record.value());
            letter.headers()
                    .add(DeadLetterHeaders.ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8))
                    .add(DeadLetterHeaders.ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(record.partition()).array())
                    .add(DeadLetterHeaders.ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(record.offset()).array())
                    .add(DeadLetterHeaders.EXCEPTION_CLASS, e.getClass().getName().getBytes(StandardCharsets.UTF_8))
                    .add(DeadLetterHeaders.EXCEPTION_MESSAGE,
                            String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            deadLetters.send(letter);
        }
    }

    /** Assigns every partition of the tables not yet assigned (all of them on start), read from the beginning. */
    private void assignNewPartitions() {
        Set<TopicPartition> assigned = consumer.assignment();
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : handlers.keySet()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            for (PartitionInfo partition : partitions == null ? List.<PartitionInfo>of() : partitions) {
                TopicPartition tp = new TopicPartition(topic, partition.partition());
                if (!assigned.contains(tp)) {
                    added.add(tp);
                }
            }
        }
        if (added.isEmpty()) {
            return;
        }
        List<TopicPartition> all = new ArrayList<>(assigned);
        all.addAll(added);
        consumer.assign(all);
        consumer.seekToBeginning(added);
        if (!caughtUp) {
            consumer.endOffsets(added).forEach(endAtStart::put);
        }
        log.info("{}: reading {} partitions of {} from the beginning", name, added.size(), handlers.keySet());
    }

    private void noteCatchingUp() {
        for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return;
            }
        }
        log.info("{}: tables loaded (read to the end offsets of {} partitions seen at start)", name, endAtStart.size());
        caughtUp = true;
    }

    private void commitPositions() {
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            positions.put(tp, new OffsetAndMetadata(consumer.position(tp)));
        }
        if (!positions.isEmpty()) {
            consumer.commitAsync(positions, (offsets, e) -> {
                if (e != null) {
                    log.debug("{}: positions not committed: {}", name, e.toString());
                }
            });
        }
    }
}
