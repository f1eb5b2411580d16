package io.invsync.inventory.warehouse;

import java.util.Objects;
import java.util.function.BiFunction;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Applies a warehouse observation or a load to the warehouse's state. Nothing is published: it is queried. */
final class WarehouseProcessor<V> implements Processor<String, V, Void, Void> {

    private final BiFunction<WarehouseState, V, WarehouseState> rule;
    private KeyValueStore<String, WarehouseState> store;

    WarehouseProcessor(BiFunction<WarehouseState, V, WarehouseState> rule) {
        this.rule = rule;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(WarehouseTopology.STORE);
    }

    @Override
    public void process(Record<String, V> record) {
        WarehouseState held = store.get(record.key());
        WarehouseState next = rule.apply(held, record.value());
        if (next == null) {
            store.delete(record.key());
        } else if (!Objects.equals(next, held)) {
            store.put(record.key(), next);
        }
    }
}
