package io.invsync.inventory;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

import io.invsync.inventory.alias.AliasTopology;
import io.invsync.inventory.kit.KitTopology;
import io.invsync.inventory.level.LevelChange;
import io.invsync.inventory.level.LevelTopology;
import io.invsync.inventory.run.RunIndexTopology;
import io.invsync.inventory.warehouse.WarehouseTopology;

/**
 * The whole Kafka Streams topology of the service. Levels are kept per product; the alias index and the
 * warehouses are fed from the level changes in the same task, without a repartition: every topic is partitioned
 * by the merchant in its key (DESIGN §3), so a task that holds a merchant's partition holds all of it. Kits are
 * computed from their components' levels in the same task, and a finished run is marked indexed there too.
 */
public final class InventoryTopology {

    private InventoryTopology() {
    }

    public static KStream<String, LevelChange> build(StreamsBuilder builder) {
        KStream<String, LevelChange> changes = LevelTopology.addTo(builder);
        AliasTopology.addTo(builder, changes);
        WarehouseTopology.addTo(builder, changes);
        // after the alias index: a kit's components resolve through it (KitProcessor)
        KitTopology.addTo(builder, changes);
        // after every input of the run: its end is handled in the same task, in timestamp order
        RunIndexTopology.addTo(builder);
        return changes;
    }
}
