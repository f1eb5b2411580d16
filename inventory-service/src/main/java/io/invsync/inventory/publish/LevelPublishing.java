package io.invsync.inventory.publish;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import io.invsync.events.EventSerde;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Topics;
import io.invsync.inventory.kit.KitTopology;
import io.invsync.inventory.level.LevelChange;
import io.invsync.inventory.level.LevelTopology;
import io.invsync.support.streams.OwnerPartitions;

/**
 * The levels topic's one writer: plain products' publishable changes and kits' computed levels mark their product due,
 * and {@link LevelPublisher} publishes each due product once per publish interval.
 */
public final class LevelPublishing {

    /** {@code merchantId/productId} → {@link DueLevel}: products whose level is still to be published. */
    static final String DUE = "levels-due";

    private LevelPublishing() {
    }

    /**
     * @param interval how long a change may wait for more changes of its product before its level is published:
     *                 the changes of a product that arrive within it give one level event
     */
    public static void addTo(StreamsBuilder builder, KStream<String, LevelChange> changes,
            KStream<String, InventoryLevelChanged> kitLevels, Duration interval) {
        // persistent, as the other stores: an in-memory store would be loaded whole from its changelog (every mark
        // and its deletion since the last compaction) on each start; cached, so that a product marked several times
        // in a commit interval writes its changelog once
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE), Serdes.String(),
                EventSerde.stored(DueLevel.class)).withCachingEnabled());
        // a kit's level is published from what io.invsync.inventory.kit computed for it
        KStream<String, String> products = changes
                .filter((key, change) -> change.publish() && (change.after() == null || !change.after().kit()),
                        Named.as("publishable-level-changes"))
                .mapValues(LevelChange::runId, Named.as("level-change-runs"));
        KStream<String, String> kits = kitLevels.mapValues(InventoryLevelChanged::runId, Named.as("kit-level-runs"));
        products.merge(kits, Named.as("levels-due-marks"))
                .process(() -> new LevelPublisher(interval), Named.as("publish-due-levels"), DUE, LevelTopology.STORE,
                        KitTopology.STORE)
                .to(Topics.INVENTORY_LEVELS, Produced.with(Serdes.String(), EventSerde.of(InventoryLevelChanged.class))
                        .withName("publish-levels").withStreamPartitioner(OwnerPartitions.byKey()));
    }
}
