package io.invsync.inventory;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

import io.invsync.inventory.alias.AliasTopology;
import io.invsync.inventory.level.LevelChange;
import io.invsync.inventory.level.LevelTopology;
import io.invsync.inventory.warehouse.WarehouseTopology;

/**
 * The whole Kafka Streams topology of the service. Levels are kept per product (the partitioning of the
 * quantities and products topics); the alias index and the warehouses are fed from the level changes through
 * repartition topics, because they are keyed by alias and by warehouse.
 */
public final class InventoryTopology {

    private InventoryTopology() {
    }

    public static KStream<String, LevelChange> build(StreamsBuilder builder) {
        KStream<String, LevelChange> changes = LevelTopology.addTo(builder);
        AliasTopology.addTo(builder, changes);
        WarehouseTopology.addTo(builder, changes);
        return changes;
    }
}
