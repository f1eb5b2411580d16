package io.invsync.inventory.alias;

import java.util.List;
import java.util.TreeSet;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.invsync.events.AliasIndexChanged;

/**
 * Keeps, per alias value, the set of products holding it, and publishes the set whenever it changes. Adding a
 * product already in the set or removing one not in it changes nothing, so a redelivered change is harmless.
 * A set that became empty is published (empty) and dropped from the store. A change that removes a product names
 * it in {@code formerProductIds}.
 */
final class AliasIndexProcessor implements Processor<String, AliasChange, String, AliasIndexChanged> {

    private ProcessorContext<String, AliasIndexChanged> context;
    private KeyValueStore<String, AliasIndexChanged> store;

    @Override
    public void init(ProcessorContext<String, AliasIndexChanged> context) {
        this.context = context;
        this.store = context.getStateStore(AliasTopology.STORE);
    }

    @Override
    public void process(Record<String, AliasChange> record) {
        AliasChange change = record.value();
        if (change == null) {
            return;
        }
        AliasIndexChanged held = store.get(record.key());
        TreeSet<String> productIds = new TreeSet<>(held == null ? List.of() : held.productIds());
        boolean changed = change.holds() ? productIds.add(change.productId()) : productIds.remove(change.productId());
        if (!changed) {
            return;
        }
        // who gave the value up, so that diagnostics can say "0001 was the UPC of P until <observedAt>"
        List<String> former = change.holds() ? List.of() : List.of(change.productId());
        AliasIndexChanged next = new AliasIndexChanged(change.merchantId(), change.aliasName(), change.aliasValue(),
                List.copyOf(productIds), change.observedAt(), former);
        if (productIds.isEmpty()) {
            store.delete(record.key());
        } else {
            store.put(record.key(), next);
        }
        context.forward(record.withValue(next));
    }
}
