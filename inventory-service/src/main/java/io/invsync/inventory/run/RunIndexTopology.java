package io.invsync.inventory.run;

import java.time.Instant;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.invsync.events.EventSerde;
import io.invsync.events.InventoryRunIndexed;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.Keys;
import io.invsync.events.Topics;
import io.invsync.inventory.alias.AliasTopology;
import io.invsync.inventory.level.LevelTopology;
import io.invsync.support.streams.EventSources;
import io.invsync.support.streams.OwnerPartitions;

/**
 * The end of each inventory run, once the run is indexed: a finished run's record is handled in the task that holds
 * its merchant's products, quantities and alias index (every topic is partitioned by merchant, and this processor
 * shares their stores, so it is in their task), and Kafka Streams hands that task its records in timestamp order —
 * the run's rows, published before the run was recorded as finished, are applied before it. So when
 * {@link InventoryRunIndexed} is published, every alias change of the run is on its topic before it, in the
 * merchant's partition. The run's last levels may follow it by up to the publish interval
 * ({@link io.invsync.inventory.publish.LevelPublishing}); cart-push-service plans a level of a run it already knows
 * indexed at once.
 */
public final class RunIndexTopology {

    private RunIndexTopology() {
    }

    public static void addTo(StreamsBuilder builder) {
        EventSources.stream(builder, Topics.INVENTORY_RUNS, InventoryRunRecorded.class,
                        run -> Keys.merchant(run.merchantId()))
                .process(RunEnds::new, Named.as("runs-indexed"), LevelTopology.STORE, AliasTopology.STORE)
                .to(Topics.RUNS_INDEXED, Produced.with(Serdes.String(), EventSerde.of(InventoryRunIndexed.class))
                        .withName("publish-runs-indexed").withStreamPartitioner(OwnerPartitions.byKey()));
    }

    /** A finished run becomes its indexed marker; a run still running says nothing yet. */
    private static final class RunEnds implements Processor<String, InventoryRunRecorded, String, InventoryRunIndexed> {

        private ProcessorContext<String, InventoryRunIndexed> context;

        @Override
        public void init(ProcessorContext<String, InventoryRunIndexed> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, InventoryRunRecorded> record) {
            InventoryRunRecorded run = record.value();
            if (run == null || !run.status().finished() || run.runId() == null) {
                return;
            }
            context.forward(record.withKey(Keys.run(run.merchantId(), run.runId()))
                    .withValue(new InventoryRunIndexed(run.merchantId(), run.runId(), run.finishedAt(),
                            Instant.ofEpochMilli(context.currentSystemTimeMs()))));
        }
    }
}
