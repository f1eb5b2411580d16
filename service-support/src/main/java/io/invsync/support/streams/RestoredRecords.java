package io.invsync.support.streams;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the changelog records that Kafka Streams loads into each state store:
 * {@code invsync.streams.restored.records{store, kind}}, {@code kind=active} while an active task restores its
 * stores (readiness is DOWN meanwhile: {@code kafkaStreamsRunning}), {@code kind=standby} while a standby or a
 * warm-up task (how Streams moves a task to an instance that lacks its state, before handing it over) follows the
 * changelog. A store's local state (RocksDB and its checkpoint) makes a restart load only the changelog written
 * after the checkpoint; a count close to what the store holds says that the instance rebuilt the store instead (a
 * new or wiped state directory; under exactly-once, a store that was not closed cleanly is wiped, because it may
 * hold writes of a transaction that was aborted).
 */
public class RestoredRecords implements StateRestoreListener, StandbyUpdateListener {

    /** The meter's name. */
    public static final String METER = "invsync.streams.restored.records";

    private static final Logger log = LoggerFactory.getLogger(RestoredRecords.class);

    private final MeterRegistry registry;

    public RestoredRecords(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
        log.info("restoring {} from {} offsets {} to {}", store, changelog, startingOffset, endingOffset);
        counter(store, "active"); // the store shows in the metrics (at 0) from its first restore on
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long numRestored) {
        counter(store, "active").increment(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
        log.info("restored {} records of {} from {}", totalRestored, store, changelog);
    }

    @Override
    public void onUpdateStart(TopicPartition changelog, String store, long startingOffset) {
        log.info("standby of {} following {} from offset {}", store, changelog, startingOffset);
        counter(store, "standby");
    }

    @Override
    public void onBatchLoaded(TopicPartition changelog, String store, TaskId task, long batchEndOffset, long batchSize,
            long currentEndOffset) {
        counter(store, "standby").increment(batchSize);
    }

    @Override
    public void onUpdateSuspended(TopicPartition changelog, String store, long storeOffset, long currentEndOffset,
            SuspendReason reason) {
        log.info("standby of {} on {} stopped at offset {} of {}: {}", store, changelog, storeOffset,
                currentEndOffset, reason);
    }

    private Counter counter(String store, String kind) {
        return Counter.builder(METER)
                .description("Changelog records loaded into a Kafka Streams state store")
                .baseUnit("records")
                .tag("store", store)
                .tag("kind", kind)
                .register(registry);
    }
}
