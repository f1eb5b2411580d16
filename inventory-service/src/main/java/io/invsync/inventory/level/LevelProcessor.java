package io.invsync.inventory.level;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Applies one input (a quantity or a product) to the product's state in the store and emits the change. */
final class LevelProcessor<V> implements Processor<String, V, String, LevelChange> {

    @FunctionalInterface
    interface Rule<V> {
        LevelChange apply(ProductInventory held, String key, V value, Instant recordTime);
    }

    private final Rule<V> rule;
    private ProcessorContext<String, LevelChange> context;
    private KeyValueStore<String, ProductInventory> store;

    LevelProcessor(Rule<V> rule) {
        this.rule = rule;
    }

    @Override
    public void init(ProcessorContext<String, LevelChange> context) {
        this.context = context;
        this.store = context.getStateStore(LevelTopology.STORE);
    }

    @Override
    public void process(Record<String, V> record) {
        ProductInventory held = store.get(record.key());
        LevelChange change = rule.apply(held, record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()));
        if (change == null) {
            return;
        }
        if (change.after() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), change.after());
        }
        context.forward(record.withValue(change));
    }
}
