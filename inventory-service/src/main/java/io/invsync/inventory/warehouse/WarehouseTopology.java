package io.invsync.inventory.warehouse;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

import io.invsync.events.EventSerde;
import io.invsync.events.Keys;
import io.invsync.events.Topics;
import io.invsync.events.WarehouseObserved;
import io.invsync.inventory.level.LevelChange;
import io.invsync.support.streams.EventSources;

/**
 * Warehouses with their last-loaded time: the warehouses topic gives names, and every loaded level (from the
 * level changes, in the same task: every topic is partitioned by merchant, DESIGN §3) moves the last-loaded time
 * forward.
 */
public final class WarehouseTopology {

    /** {@code merchantId/warehouseId} → {@link WarehouseState}. */
    public static final String STORE = "warehouses";

    private WarehouseTopology() {
    }

    public static void addTo(StreamsBuilder builder, KStream<String, LevelChange> changes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                EventSerde.stored(WarehouseState.class)));

        EventSources.stream(builder, Topics.WAREHOUSES, WarehouseObserved.class,
                        w -> Keys.warehouse(w.merchantId(), w.warehouseId()))
                .process(() -> new WarehouseProcessor<WarehouseObserved>(WarehouseRules::observe),
                        Named.as("apply-warehouse"), STORE);

        changes.flatMap((productKey, change) -> change.loadedWarehouse() == null ? List.<KeyValue<String, WarehouseLoaded>>of()
                        : List.of(KeyValue.pair(Keys.warehouse(change.after().merchantId(), change.loadedWarehouse()),
                                new WarehouseLoaded(change.after().merchantId(), change.loadedWarehouse(),
                                        change.loadedAt()))), Named.as("warehouse-loads-of-level-change"))
                .process(() -> new WarehouseProcessor<WarehouseLoaded>(WarehouseRules::loaded),
                        Named.as("apply-warehouse-load"), STORE);
    }
}
