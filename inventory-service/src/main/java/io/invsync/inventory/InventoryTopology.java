package io.invsync.inventory;

import java.time.Duration;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

import io.invsync.events.InventoryLevelChanged;
import io.invsync.inventory.alias.AliasTopology;
import io.invsync.inventory.kit.KitTopology;
import io.invsync.inventory.level.LevelChange;
import io.invsync.inventory.level.LevelTopology;
import io.invsync.inventory.publish.LevelPublishing;
import io.invsync.inventory.run.RunIndexTopology;
import io.invsync.inventory.warehouse.WarehouseTopology;

/**
 * The whole Kafka Streams topology of the service. Levels are kept per product; the alias index and the
 * warehouses are fed from the level changes in the same task, without a repartition: every topic is partitioned
 * by the merchant in its key (DESIGN §3), so a task that holds a merchant's partition holds all of it. Kits are
 * computed from their components' levels in the same task, and a finished run is marked indexed there too. Levels
 * are published at most once per product per publish interval: the rows of a product that arrive together give one
 * level event.
 */
public final class InventoryTopology {

    private InventoryTopology() {
    }

    /** @param publishInterval how long a product's change waits for more of its changes before it is published */
    public static KStream<String, LevelChange> build(StreamsBuilder builder, Duration publishInterval) {
        KStream<String, LevelChange> changes = LevelTopology.addTo(builder);
        AliasTopology.addTo(builder, changes);
        WarehouseTopology.addTo(builder, changes);
        // after the alias index: a kit's components resolve through it (KitProcessor)
        KStream<String, InventoryLevelChanged> kitLevels = KitTopology.addTo(builder, changes);
        LevelPublishing.addTo(builder, changes, kitLevels, publishInterval);
        // after every input of the run: its end is handled in the same task, in timestamp order
        RunIndexTopology.addTo(builder);
        return changes;
    }
}
