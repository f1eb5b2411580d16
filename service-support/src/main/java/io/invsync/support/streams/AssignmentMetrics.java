package io.invsync.support.streams;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * This instance's share of the work, for an operator comparing instances (and for the tests that start two):
 * {@code invsync.streams.tasks{kind=active|standby}}, the Streams tasks (one per partition of each sub-topology)
 * assigned here, and {@code invsync.streams.store.records{store}}, about how many entries this instance's active
 * tasks hold in each store (RocksDB's estimate). Read at each scrape; NaN while Streams is not running or
 * rebalancing.
 */
public class AssignmentMetrics implements MeterBinder, StreamsBuilderFactoryBean.Listener {

    public static final String TASKS = "invsync.streams.tasks";
    public static final String STORE_RECORDS = "invsync.streams.store.records";

    private final StreamsBuilderFactoryBean factory;
    private volatile MeterRegistry registry;

    public AssignmentMetrics(StreamsBuilderFactoryBean factory) {
        this.factory = factory;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(TASKS, this, metrics -> metrics.tasks(ThreadMetadata::activeTasks))
                .description("Kafka Streams tasks assigned to this instance").tag("kind", "active").register(registry);
        Gauge.builder(TASKS, this, metrics -> metrics.tasks(ThreadMetadata::standbyTasks))
                .description("Kafka Streams tasks assigned to this instance").tag("kind", "standby").register(registry);
        if (factory.getKafkaStreams() != null) {
            storeGauges(registry);
        }
    }

    /** The stores are known once the topology is built, which is before Streams starts. */
    @Override
    public void streamsAdded(String id, KafkaStreams streams) {
        MeterRegistry bound = registry;
        if (bound != null) {
            storeGauges(bound);
        }
    }

    private void storeGauges(MeterRegistry registry) {
        for (String store : stores()) {
            // registering again (after a restart of Streams) finds the gauge already there
            Gauge.builder(STORE_RECORDS, this, metrics -> metrics.entries(store))
                    .description("Entries (estimated) that this instance's active tasks hold in a state store")
                    .baseUnit("records").tag("store", store).register(registry);
        }
    }

    private Set<String> stores() {
        Set<String> stores = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : factory.getTopology().describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
        }
        return stores;
    }

    private double tasks(Function<ThreadMetadata, Collection<TaskMetadata>> kind) {
        KafkaStreams streams = running();
        return streams == null ? Double.NaN
                : streams.metadataForLocalThreads().stream().mapToLong(thread -> kind.apply(thread).size()).sum();
    }

    private double entries(String store) {
        KafkaStreams streams = running();
        if (streams == null) {
            return Double.NaN;
        }
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store,
                    QueryableStoreTypes.<Object, Object>keyValueStore())).approximateNumEntries();
        } catch (RuntimeException e) {
            // rebalancing, or not a key-value store
            return Double.NaN;
        }
    }

    private KafkaStreams running() {
        KafkaStreams streams = factory.getKafkaStreams();
        return streams != null && streams.state().isRunningOrRebalancing() ? streams : null;
    }
}
