package io.invsync.diagnostics.model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.EventSerde;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.Keys;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.ProductObserved;
import io.invsync.events.Topics;
import io.invsync.events.WarehouseObserved;
import io.invsync.support.streams.Carts;
import io.invsync.support.streams.EventSources;
import io.invsync.support.streams.GlobalTables;
import io.invsync.support.streams.MerchantRouting;

/**
 * The read model as a Kafka Streams topology: every topic an explanation needs, partitioned by merchant (the
 * merchant-keyed topics as they are, DESIGN §3; the cart-keyed ones repartitioned, {@link MerchantRouting}) into
 * RocksDB stores that one task holds together, so the instance that holds a
 * merchant's partition explains every SKU of it from its own stores. Merchants and carts are small: global tables.
 * Every store is written by one processor connected to all of them, which keeps them in one sub-topology (and so
 * the same partition of each on the same instance).
 * <p>
 * The same task keeps the discrepancy counts ({@link DiscrepancyCounts}): each record applied marks the values it can
 * change, and a punctuation of the task ({@link DiscrepancySweep}) judges them, then sweeps for what no record
 * announces.
 */
public final class ReadModelTopology {

    /** merchantId/productId → the product's level. Also the store whose partition names a merchant's owner. */
    public static final String LEVELS = "diag-levels";
    /** merchantId/productId → the product record. */
    static final String PRODUCTS = "diag-products";
    /** merchantId/warehouseId → the warehouse. */
    static final String WAREHOUSES = "diag-warehouses";
    /** merchantId/aliasName/aliasValue → the products holding it. */
    static final String ALIASES = "diag-aliases";
    /** merchantId/aliasName → "" : the alias names a merchant uses, for a lookup by value under any name. */
    static final String ALIAS_NAMES = "diag-alias-names";
    /** merchantId/cartId/aliasValue → what the cart said of it. */
    static final String CART_PRODUCTS = "diag-cart-products";
    /** merchantId/cartId/aliasValue → the last outcome (the later attempt wins). */
    static final String RESULTS = "diag-results";
    /** merchantId/sku → the order lines the carts took. */
    static final String ORDERS = "diag-orders";
    /** merchantId → its last inventory run. */
    static final String RUNS = "diag-runs";
    /** The merchants' settings, a global table in memory. */
    static final String MERCHANTS = "diag-merchants";

    private static final String[] STORES = Stream.concat(Stream.of(LEVELS, PRODUCTS, WAREHOUSES, ALIASES, ALIAS_NAMES,
            CART_PRODUCTS, RESULTS, ORDERS, RUNS), Stream.concat(Stream.of(DiscrepancyCounts.STORES),
            Stream.of(SyncHistory.STORES))).toArray(String[]::new);

    private ReadModelTopology() {
    }

    /** The order lines of one SKU. */
    public record OrderLines(List<CartOrderLineReceived> lines) {

        public OrderLines {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /**
     * @param observer      told of each result as it is applied, with the one it replaced (for {@code invsync.sync.lag})
     * @param discrepancies how the discrepancy counts judge values and sweep
     */
    public static void addTo(StreamsBuilder builder, int partitions, PushResultObserver observer,
            DiscrepancyCounts.Settings discrepancies) {
        Carts.addGlobalTable(builder);
        GlobalTables.add(builder, Topics.MERCHANTS, MERCHANTS, MerchantSettingsChanged.class);
        addStore(builder, LEVELS, InventoryLevelChanged.class);
        addStore(builder, PRODUCTS, ProductObserved.class);
        addStore(builder, WAREHOUSES, WarehouseObserved.class);
        addStore(builder, ALIASES, AliasIndexChanged.class);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALIAS_NAMES),
                Serdes.String(), Serdes.String()));
        addStore(builder, CART_PRODUCTS, CartProductObserved.class);
        addStore(builder, RESULTS, CartPushRecorded.class);
        addStore(builder, ORDERS, OrderLines.class);
        addStore(builder, RUNS, InventoryRunRecorded.class);
        DiscrepancyCounts.addStores(builder);
        SyncHistory.addStores(builder);
        Tasks tasks = new Tasks(discrepancies, partitions);

        apply(EventSources.stream(builder, Topics.INVENTORY_LEVELS, InventoryLevelChanged.class,
                l -> Keys.product(l.merchantId(), l.productId())), "levels", tasks.sweeping(),
                (stores, key, level) -> {
                    InventoryLevelChanged old = stores.<InventoryLevelChanged>store(LEVELS).get(key);
                    stores.replace(LEVELS, key, level);
                    stores.discrepancies().levelChanged(key, old, level);
                    if (level != null) {
                        SyncHistory.levelReceived(stores, level);
                    }
                });
        apply(EventSources.stream(builder, Topics.PRODUCTS, ProductObserved.class,
                p -> Keys.product(p.merchantId(), p.productId())), "products", tasks,
                (stores, key, product) -> {
                    ProductObserved old = stores.<ProductObserved>store(PRODUCTS).get(key);
                    stores.replace(PRODUCTS, key, product);
                    stores.discrepancies().productChanged(key, old, product);
                });
        apply(EventSources.stream(builder, Topics.WAREHOUSES, WarehouseObserved.class,
                w -> Keys.warehouse(w.merchantId(), w.warehouseId())), "warehouses", tasks,
                (stores, key, warehouse) -> {
                    WarehouseObserved old = stores.<WarehouseObserved>store(WAREHOUSES).get(key);
                    stores.replace(WAREHOUSES, key, warehouse);
                    stores.discrepancies().warehouseChanged(key, old, warehouse);
                });
        apply(EventSources.stream(builder, Topics.ALIAS_INDEX, AliasIndexChanged.class,
                a -> Keys.alias(a.merchantId(), a.aliasName(), a.aliasValue())), "aliases", tasks,
                (stores, key, alias) -> {
                    stores.replace(ALIASES, key, alias);
                    if (alias != null) {
                        stores.<String>store(ALIAS_NAMES).putIfAbsent(
                                alias.merchantId() + Keys.SEPARATOR + alias.aliasName(), "");
                    }
                    stores.discrepancies().aliasChanged(key);
                });
        apply(EventSources.stream(builder, Topics.INVENTORY_RUNS, InventoryRunRecorded.class,
                r -> Keys.merchant(r.merchantId())), "runs", tasks,
                // what a run changes for the values (the merchant-level checks) the sweep compares each tick
                (stores, key, run) -> {
                    KeyValueStore<String, InventoryRunRecorded> runs = stores.store(RUNS);
                    InventoryRunRecorded held = runs.get(key);
                    if (run == null || held == null || laterRun(held, run) == run) {
                        stores.replace(RUNS, key, run);
                    }
                });
        apply(EventSources.stream(builder, Topics.CART_ORDERS, CartOrderLineReceived.class,
                o -> Keys.sku(o.merchantId(), o.sku())), "orders", tasks,
                (stores, key, order) -> {
                    KeyValueStore<String, OrderLines> orders = stores.store(ORDERS);
                    if (order == null) {
                        orders.delete(key);
                        stores.discrepancies().ordersChanged(key);
                        return;
                    }
                    OrderLines held = orders.get(key);
                    List<CartOrderLineReceived> lines = new ArrayList<>();
                    if (held != null) {
                        held.lines().stream().filter(l -> !l.orderId().equals(order.orderId())).forEach(lines::add);
                    }
                    lines.add(order);
                    orders.put(key, new OrderLines(lines));
                    stores.discrepancies().ordersChanged(key);
                });
        apply(MerchantRouting.cartKeyedByMerchant(EventSources.stream(builder, Topics.CART_PRODUCTS,
                        CartProductObserved.class, p -> Keys.cartValue(p.cartId(), p.location(), p.aliasValue())),
                        "diag-cart-products-by-merchant", EventSerde.stored(CartProductObserved.class), partitions,
                        CartProductObserved::merchantId), "cart-products", tasks,
                (stores, key, product) -> {
                    stores.replace(CART_PRODUCTS, key, product);
                    stores.discrepancies().cartValueChanged(key);
                    if (product != null) {
                        SyncHistory.cartRead(stores, product);
                    }
                });
        apply(MerchantRouting.cartKeyedByMerchant(EventSources.stream(builder, Topics.CART_PUSH_RESULTS,
                        CartPushRecorded.class, r -> Keys.cartValue(r.cartId(), r.location(), r.aliasValue())),
                        "diag-results-by-merchant", EventSerde.stored(CartPushRecorded.class), partitions,
                        CartPushRecorded::merchantId), "results", tasks,
                (stores, key, result) -> {
                    KeyValueStore<String, CartPushRecorded> results = stores.store(RESULTS);
                    CartPushRecorded previous = results.get(key);
                    if (result == null) {
                        results.delete(key);
                        stores.discrepancies().cartValueChanged(key);
                    } else if (previous == null || !result.attemptedAt().isBefore(previous.attemptedAt())) {
                        results.put(key, result);
                        observer.recorded(previous, result, stores.model());
                        stores.discrepancies().cartValueChanged(key);
                        SyncHistory.resultRecorded(stores, result);
                    }
                });
    }

    private static <V> void addStore(StreamsBuilder builder, String name, Class<V> type) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                EventSerde.stored(type)));
    }


    /** The run to keep of two for one merchant: a finished run over its own progress, else the later start. */
    static InventoryRunRecorded laterRun(InventoryRunRecorded held, InventoryRunRecorded arriving) {
        if (held.runId().equals(arriving.runId())) {
            return held.status().finished() && !arriving.status().finished() ? held : arriving;
        }
        return arriving.startedAt().isBefore(held.startedAt()) ? held : arriving;
    }

    interface Apply<V> {
        void apply(TaskStores stores, String key, V value);
    }

    /** What every applier of a task is given: how to keep the discrepancy counts, and whether it runs the sweep. */
    private record Tasks(DiscrepancyCounts.Settings discrepancies, int partitions, boolean sweeps) {

        Tasks(DiscrepancyCounts.Settings discrepancies, int partitions) {
            this(discrepancies, partitions, false);
        }

        /** The same, for the one applier of each task that schedules the sweep. */
        Tasks sweeping() {
            return new Tasks(discrepancies, partitions, true);
        }
    }

    private static <V> void apply(KStream<String, V> stream, String name, Tasks tasks, Apply<V> apply) {
        stream.process(() -> new Applier<>(apply, tasks), Named.as("apply-" + name), STORES);
    }

    /** The stores of one task, as a processor sees them. */
    static final class TaskStores {

        private final ProcessorContext<?, ?> context;
        private final ReadModel model;
        private final DiscrepancyCounts discrepancies;

        TaskStores(ProcessorContext<?, ?> context, DiscrepancyCounts.Settings discrepancies) {
            this.context = context;
            this.model = new ReadModel(new ReadModel.Source() {
                @Override
                public <V> org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, V> store(String name) {
                    return context.getStateStore(name);
                }

                @Override
                public <V> org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String,
                        org.apache.kafka.streams.state.ValueAndTimestamp<V>> global(String name) {
                    return context.getStateStore(name);
                }
            });
            this.discrepancies = new DiscrepancyCounts(this, discrepancies);
        }

        <V> KeyValueStore<String, V> store(String name) {
            return context.getStateStore(name);
        }

        /** Puts the value, or deletes the key for a tombstone. */
        <V> void replace(String name, String key, V value) {
            KeyValueStore<String, V> store = store(name);
            if (value == null) {
                store.delete(key);
            } else {
                store.put(key, value);
            }
        }

        /** The read model over this task's stores (and the global tables). */
        ReadModel model() {
            return model;
        }

        /** The discrepancy counts of this task's merchants. */
        DiscrepancyCounts discrepancies() {
            return discrepancies;
        }
    }

    private static final class Applier<V> implements Processor<String, V, Void, Void> {

        private final Apply<V> apply;
        private final Tasks tasks;
        private TaskStores stores;

        Applier(Apply<V> apply, Tasks tasks) {
            this.apply = apply;
            this.tasks = tasks;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            stores = new TaskStores(context, tasks.discrepancies());
            if (tasks.sweeps()) {
                DiscrepancySweep sweep = new DiscrepancySweep(stores, tasks.discrepancies(), tasks.partitions(),
                        context.taskId().partition());
                context.schedule(tasks.discrepancies().sweep().tick(), PunctuationType.WALL_CLOCK_TIME,
                        at -> sweep.tick());
            }
        }

        @Override
        public void process(Record<String, V> record) {
            apply.apply(stores, record.key(), record.value());
        }
    }
}
