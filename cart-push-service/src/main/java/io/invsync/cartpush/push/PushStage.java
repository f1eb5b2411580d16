package io.invsync.cartpush.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.invsync.cartpush.plan.PendingPush;
import io.invsync.cartpush.reconcile.CartReads;
import io.invsync.cartpush.reconcile.ReconcileRequests;
import io.invsync.cartpush.reconcile.Reconciler;
import io.invsync.cartpush.reconcile.Reconciliation;
import io.invsync.events.CartLocation;
import io.invsync.events.CartProductObserved;
import io.invsync.support.streams.Carts;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.EventSerde;
import io.invsync.events.Keys;
import io.invsync.events.Topics;
import io.invsync.support.streams.OwnerPartitions;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The pushing stage, partitioned by cart: the task that holds a cart's partition owns its calls. Pushes wait in a
 * RocksDB store (cartId/location/aliasValue → the latest quantity for it), changelogged, so a push accepted here survives a
 * crash or a move to another instance and is made by whichever instance holds the partition next. The task hands
 * at most one batch per cart at a time to {@link PushCalls} (off the stream thread), each for one of the cart's
 * locations (the connector writes to that location: the cart's settings narrowed to it); when it lands, its outcomes
 * are recorded to {@code cart-push-results} within the task's transaction and the pushes it made are taken out of
 * the store — unless a newer quantity for the value arrived meanwhile, which is pushed next. The same task runs
 * the reconciliations of its carts ({@link Reconciler}): their reads share the cart's pace, and what they read is
 * published to {@code cart-products} in the same transaction as the run's progress.
 */
public final class PushStage {

    private static final Logger log = LoggerFactory.getLogger(PushStage.class);

    /** cartId/location/aliasValue → the push waiting (or being made) for it. */
    public static final String PENDING = "push-pending";

    /**
     * @param handOffInterval how often the task records landed batches and hands out the next ones
     * @param linger how long a push waits at most for its batch to fill while the cart's pushes keep arriving
     *     ({@link BatchFill})
     */
    public record Settings(int partitions, Duration handOffInterval, Duration linger, Reconciler.Settings reconcile,
            Clock clock, MeterRegistry meters) {
    }

    /** What the stage records: a push's outcome, or what a reconciliation read of a value. */
    private record Recorded(CartPushRecorded result, CartProductObserved cartProduct) {
    }

    private PushStage() {
    }

    public static void addTo(StreamsBuilder builder, KStream<String, PendingPush> pushes, Settings settings,
            PushCalls calls, CartReads reads, ReconcileRequests reconcileRequests) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING), Serdes.String(),
                EventSerde.stored(PendingPush.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Reconciler.RUNS),
                Serdes.String(), EventSerde.stored(Reconciliation.class)));
        KStream<String, Recorded> recorded = pushes
                .repartition(Repartitioned.<String, PendingPush>with(Serdes.String(), EventSerde.stored(PendingPush.class))
                        .withName("push-plans-by-cart").withNumberOfPartitions(settings.partitions())
                        .withStreamPartitioner(OwnerPartitions.byKey()))
                .process(() -> new Pusher(settings, calls, reads, reconcileRequests), Named.as("push"), PENDING,
                        Reconciler.RUNS);
        recorded.filter((key, r) -> r.result() != null, Named.as("pushed-results"))
                .mapValues(Recorded::result, Named.as("pushed-result-values"))
                .to(Topics.CART_PUSH_RESULTS, Produced.with(Serdes.String(), EventSerde.of(CartPushRecorded.class))
                        .withName("record-push-results").withStreamPartitioner(OwnerPartitions.byKey()));
        recorded.filter((key, r) -> r.cartProduct() != null, Named.as("read-cart-products"))
                .mapValues(Recorded::cartProduct, Named.as("read-cart-product-values"))
                .to(Topics.CART_PRODUCTS, Produced.with(Serdes.String(), EventSerde.of(CartProductObserved.class))
                        .withName("record-cart-products").withStreamPartitioner(OwnerPartitions.byKey()));
    }

    /** A batch that came back from the cart. */
    private record Landed(String cartId, List<PushCalls.Outcome> outcomes) {
    }

    static final class Pusher implements Processor<String, PendingPush, String, Recorded> {

        private final Settings settings;
        private final PushCalls calls;
        private final CartReads reads;
        private final ReconcileRequests reconcileRequests;
        private ProcessorContext<String, Recorded> context;
        private KeyValueStore<String, PendingPush> pending;
        private Carts carts;
        private Reconciler reconciler;
        /** cartId → the keys of its batch in flight; a cart with an entry has a batch out. */
        private final Map<String, Set<String>> inFlight = new HashMap<>();
        /** Carts with pushes in the store, and where the next batch of each starts. */
        private final Map<String, String> withWork = new HashMap<>();
        private final Queue<Landed> landed = new ConcurrentLinkedQueue<>();
        private final BatchFill fill;
        private volatile boolean closed;

        Pusher(Settings settings, PushCalls calls, CartReads reads, ReconcileRequests reconcileRequests) {
            this.settings = settings;
            this.fill = new BatchFill(settings.linger());
            this.calls = calls;
            this.reads = reads;
            this.reconcileRequests = reconcileRequests;
        }

        @Override
        public void init(ProcessorContext<String, Recorded> context) {
            this.context = context;
            pending = context.getStateStore(PENDING);
            carts = new Carts(context.getStateStore(Carts.STORE));
            reconciler = new Reconciler(settings.reconcile(), settings.clock(), settings.meters(),
                    context.getStateStore(Reconciler.RUNS), carts, reads, reconcileRequests,
                    context.taskId().partition(), settings.partitions(),
                    (key, observed, at) -> context.forward(new Record<>(key, new Recorded(null, observed),
                            at.toEpochMilli())));
            context.schedule(settings.reconcile().tick(), PunctuationType.WALL_CLOCK_TIME, at -> reconciler.tick());
            // what waited when the task last ran here or elsewhere (restored from the changelog) is pushed now
            try (KeyValueIterator<String, PendingPush> entries = pending.all()) {
                entries.forEachRemaining(entry -> withWork.putIfAbsent(Keys.owner(entry.key), null));
            }
            context.schedule(settings.handOffInterval(), PunctuationType.WALL_CLOCK_TIME, at -> handOff());
        }

        @Override
        public void process(Record<String, PendingPush> record) {
            PendingPush push = record.value();
            if (push == null) {
                return;
            }
            String cartId = push.cartId();
            if (push.plan().needsCall()) {
                if (push.drift()) {
                    reconciler.drifted(push);
                }
                // handed out at a later hand-off, with the others that arrive until then: fuller batches
                pending.put(record.key(), push.replacing(pending.get(record.key())));
                withWork.putIfAbsent(cartId, null);
                fill.arrived(cartId, settings.clock().millis());
            } else if (!inFlight.getOrDefault(cartId, Set.of()).contains(record.key())) {
                pending.delete(record.key()); // withdrawn: the planner recorded why no call is needed
            }
        }

        @Override
        public void close() {
            closed = true; // a batch still out lands nowhere: the next owner of the partition pushes it again
            reconciler.close();
        }

        private void handOff() {
            Landed batch;
            while ((batch = landed.poll()) != null) {
                record(batch);
            }
            reconciler.handOff();
            for (String cartId : List.copyOf(withWork.keySet())) {
                next(cartId);
            }
        }

        private void record(Landed batch) {
            inFlight.remove(batch.cartId());
            Instant now = settings.clock().instant();
            for (PushCalls.Outcome outcome : batch.outcomes()) {
                PendingPush push = outcome.push();
                String key = key(push);
                settings.meters().counter("invsync.cart.push", "cart", push.cartId(), "outcome",
                        outcome.outcome().name()).increment();
                CartPushRecorded result = PushResults.record(push.plan(), outcome.outcome(), outcome.reason(),
                        push.last(), push.plannedAt(), now);
                if (result != null) {
                    context.forward(new Record<>(key, new Recorded(result, null), now.toEpochMilli(),
                            io.invsync.support.TraceHeaders.of(push.traceParent())));
                }
                if (push.drift()) {
                    reconciler.healed(push, outcome.outcome());
                }
                PendingPush held = pending.get(key);
                if (held != null && held.plannedAt().equals(push.plannedAt())) {
                    pending.delete(key);
                }
            }
        }

        /**
         * Hands the cart's next batch to the calls, unless one is out or it waits to be fuller ({@link BatchFill});
         * forgets the cart when nothing waits. A batch holds the pushes of one location; pushes for a location the
         * cart no longer has are dropped.
         */
        private void next(String cartId) {
            if (inFlight.containsKey(cartId)) {
                return;
            }
            CartSettingsChanged cart = carts.get(cartId).orElse(null);
            int limit = calls.batchLimit(cart);
            long now = settings.clock().millis();
            if (!fill.goesNow(cartId, limit, now)) {
                return;
            }
            List<PendingPush> taken = take(cartId, limit);
            if (taken.isEmpty()) {
                withWork.remove(cartId);
                fill.left(cartId, 0, 0, limit, now);
                return;
            }
            String location = taken.get(0).plan().location();
            List<PendingPush> batch = taken.stream().filter(push -> push.plan().location().equals(location)).toList();
            fill.left(cartId, taken.size(), batch.size(), limit, now);
            withWork.put(cartId, key(batch.get(batch.size() - 1)));
            CartLocation place = cart == null ? null : cart.location(location).orElse(null);
            if (cart != null && place == null) {
                log.info("cart {} no longer has location {}: {} pushes for it dropped", cartId, location, batch.size());
                batch.forEach(push -> pending.delete(key(push)));
                return;
            }
            Set<String> keys = new LinkedHashSet<>();
            batch.forEach(push -> keys.add(key(push)));
            inFlight.put(cartId, keys);
            calls.submit(cart == null ? null : cart.at(place), cartId, batch, outcomes -> {
                if (!closed) {
                    landed.add(new Landed(cartId, outcomes));
                }
            });
        }

        private static String key(PendingPush push) {
            return Keys.cartValue(push.cartId(), push.plan().location(), push.aliasValue());
        }

        /**
         * Up to {@code limit} waiting pushes of the cart, in key order from after the last batch's last value and
         * round again from the start, so that values a newer quantity keeps replacing do not hold the rest back.
         */
        private List<PendingPush> take(String cartId, int limit) {
            String prefix = cartId + Keys.SEPARATOR;
            String end = cartId + (char) (Keys.SEPARATOR + 1); // just past every key under the prefix
            String after = withWork.get(cartId);
            Map<String, PendingPush> batch = new java.util.LinkedHashMap<>();
            if (after != null) {
                collect(after, end, prefix, limit, batch);
            }
            collect(prefix, end, prefix, limit, batch);
            return List.copyOf(batch.values());
        }

        private void collect(String from, String to, String prefix, int limit, Map<String, PendingPush> batch) {
            try (KeyValueIterator<String, PendingPush> entries = pending.range(from, to)) {
                while (entries.hasNext() && batch.size() < limit) {
                    KeyValue<String, PendingPush> entry = entries.next();
                    if (entry.key.startsWith(prefix)) {
                        batch.putIfAbsent(entry.key, entry.value);
                    }
                }
            }
        }
    }
}
