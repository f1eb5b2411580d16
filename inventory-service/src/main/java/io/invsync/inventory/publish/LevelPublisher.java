package io.invsync.inventory.publish;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.invsync.events.InventoryLevelChanged;
import io.invsync.inventory.kit.KitTopology;
import io.invsync.inventory.level.LevelTopology;
import io.invsync.inventory.level.ProductInventory;

/**
 * Publishes each product's level at most once per publish interval, however many of its rows were applied in it: a
 * snapshot that lists a product's warehouses one after the other gives one level event, not one per warehouse (and
 * no intermediate totals reach the carts).
 *
 * <p>An input (product key → the run of its change, null when not known) marks its product due ({@link DueLevel}:
 * the run and timestamp of its last change); every publish interval (wall clock) each due product's current level is
 * read from the stores and forwarded: the product's state, a kit's computed level, or a tombstone for a product gone.
 * The due marks are a changelogged store, written in the same exactly-once transaction as the level store and the
 * input offsets, so a commit that falls between an input and the next punctuation loses nothing: a crash after it
 * restores the marks and this processor publishes them at its first punctuation. A copy of the marks is kept in
 * memory so that a punctuation does not iterate the store (only a task's start does).
 */
final class LevelPublisher implements Processor<String, String, String, InventoryLevelChanged> {

    private final Duration interval;
    private final Map<String, DueLevel> due = new LinkedHashMap<>();
    private ProcessorContext<String, InventoryLevelChanged> context;
    private KeyValueStore<String, DueLevel> marks;
    private KeyValueStore<String, ProductInventory> products;
    private KeyValueStore<String, InventoryLevelChanged> kits;

    LevelPublisher(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, InventoryLevelChanged> context) {
        this.context = context;
        this.marks = context.getStateStore(LevelPublishing.DUE);
        this.products = context.getStateStore(LevelTopology.STORE);
        this.kits = context.getStateStore(KitTopology.STORE);
        // marks restored after a crash or a move of the task: still to be published
        try (KeyValueIterator<String, DueLevel> restored = marks.all()) {
            restored.forEachRemaining(mark -> due.put(mark.key, mark.value));
        }
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> publishDue());
    }

    @Override
    public void process(Record<String, String> record) {
        DueLevel mark = new DueLevel(record.value(), record.timestamp());
        due.put(record.key(), mark);
        marks.put(record.key(), mark);
    }

    private void publishDue() {
        for (Map.Entry<String, DueLevel> mark : due.entrySet()) {
            String key = mark.getKey();
            ProductInventory product = products.get(key);
            // gone: a tombstone; a kit: what io.invsync.inventory.kit computed (none yet: nothing to publish)
            InventoryLevelChanged level = product == null ? null
                    : product.kit() ? kits.get(key) : product.toEvent().inRun(mark.getValue().runId());
            if (product == null || level != null) {
                context.forward(new Record<>(key, level, mark.getValue().timestamp()));
            }
            marks.delete(key);
        }
        due.clear();
    }
}
