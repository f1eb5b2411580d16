package io.invsync.inventory.kit;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

import io.invsync.events.EventSerde;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.inventory.alias.AliasTopology;
import io.invsync.inventory.level.LevelChange;
import io.invsync.inventory.level.LevelTopology;

/**
 * Kits (DESIGN §1): a kit's level is computed from its components' levels and republished whenever one of them
 * changes. A merchant's products, kits and alias index are all in the task that holds the merchant (every topic is
 * partitioned by merchant, DESIGN §3), so the kit processor reads the level and alias stores directly: no
 * repartition, no copy of any table.
 */
public final class KitTopology {

    /** {@code merchantId/productId} of a kit → its last published {@link InventoryLevelChanged}. */
    public static final String STORE = "kit-levels";
    /** {@code merchantId/sku} of a component → {@link KitUses}, the kits that name it. */
    static final String USES_STORE = "kit-uses";

    private KitTopology() {
    }

    /** Must be added after {@link AliasTopology}: components resolve through the alias index updated first. */
    /** @return each kit's level as it changes, for the levels topic */
    public static KStream<String, InventoryLevelChanged> addTo(StreamsBuilder builder,
            KStream<String, LevelChange> changes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                EventSerde.stored(InventoryLevelChanged.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USES_STORE),
                Serdes.String(), EventSerde.stored(KitUses.class)));
        return changes.process(KitProcessor::new, Named.as("apply-kit-levels"), STORE, USES_STORE, LevelTopology.STORE,
                AliasTopology.STORE);
    }
}
