package io.invsync.inventory.level;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.invsync.events.EventFormatException;
import io.invsync.events.EventJson;
import io.invsync.events.InvalidFieldException;
import io.invsync.support.streams.EventSources;

/**
 * Applies one input (a quantity or a product) to the product's state in the store and emits the change. An input
 * that would take the product past a bound (DESIGN §7: its warehouses, the size of its event) changes nothing and
 * is emitted as refused, with the dead-letter headers naming the reason, for the topology to send to its
 * {@code .dlq}: the stream goes on instead of failing on it again and again.
 *
 * <p>An input that leaves the state as it is emits nothing ({@link LevelRules}: stale, or a redelivery). That
 * relies on exactly-once processing ({@code processing.guarantee: exactly_once_v2}, inventory-service.yml): the
 * store write below goes to the store's changelog in the same transaction as the change forwarded after it and
 * the input's offset. Under at-least-once, a crash after the changelog record was sent but before the output was
 * would restore the new state, re-read the input, find it equal to the state and drop it: the level would never
 * be published. Under exactly-once the crash aborts the transaction, the restore reads committed changelog
 * records only (and a store not closed cleanly is rebuilt from them), so the input is applied again to the old
 * state and its change is emitted.
 */
final class LevelProcessor<V> implements Processor<String, V, String, LevelProcessor.Outcome> {

    /** A change, or the input refused (as the bytes to dead-letter). */
    record Outcome(LevelChange change, byte[] refused) {
    }

    @FunctionalInterface
    interface Rule<V> {
        LevelChange apply(ProductInventory held, String key, V value, Instant recordTime);
    }

    private final Rule<V> rule;
    private final String topic;
    private ProcessorContext<String, Outcome> context;
    private KeyValueStore<String, ProductInventory> store;

    /** @param topic the topic the inputs come from */
    LevelProcessor(Rule<V> rule, String topic) {
        this.rule = rule;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.store = context.getStateStore(LevelTopology.STORE);
    }

    @Override
    public void process(Record<String, V> record) {
        ProductInventory held = store.get(record.key());
        LevelChange change;
        try {
            change = rule.apply(held, record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()));
        } catch (InvalidFieldException e) {
            EventFormatException reason = new EventFormatException(topic, e.field(), e.getMessage(), e);
            context.forward(record.withValue(new Outcome(null, EventJson.write(record.value())))
                    .withHeaders(EventSources.deadLetterHeaders(topic, context.recordMetadata().orElse(null),
                            record.headers(), reason)));
            return;
        }
        if (change == null) {
            // nothing changed; safe to drop only because the state and the output commit together (see above)
            return;
        }
        if (change.after() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), change.after());
        }
        context.forward(record.withValue(new Outcome(change, null)));
    }
}
