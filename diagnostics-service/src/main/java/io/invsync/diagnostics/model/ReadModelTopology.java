package io.invsync.diagnostics.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
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

    private static final String[] STORES = { LEVELS, PRODUCTS, WAREHOUSES, ALIASES, ALIAS_NAMES, CART_PRODUCTS,
            RESULTS, ORDERS, RUNS };

    private ReadModelTopology() {
    }

    /** The order lines of one SKU. */
    public record OrderLines(List<CartOrderLineReceived> lines) {

        public OrderLines {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /**
     * @param observer told of each result as it is applied, with the one it replaced (for {@code invsync.sync.lag})
     */
    public static void addTo(StreamsBuilder builder, int partitions, PushResultObserver observer) {
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

        apply(byMerchant(builder, Topics.INVENTORY_LEVELS, InventoryLevelChanged.class,
                l -> Keys.product(l.merchantId(), l.productId()), partitions), "levels",
                (stores, key, level) -> stores.replace(LEVELS, key, level));
        apply(byMerchant(builder, Topics.PRODUCTS, ProductObserved.class,
                p -> Keys.product(p.merchantId(), p.productId()), partitions), "products",
                (stores, key, product) -> stores.replace(PRODUCTS, key, product));
        apply(byMerchant(builder, Topics.WAREHOUSES, WarehouseObserved.class,
                w -> Keys.warehouse(w.merchantId(), w.warehouseId()), partitions), "warehouses",
                (stores, key, warehouse) -> stores.replace(WAREHOUSES, key, warehouse));
        apply(byMerchant(builder, Topics.ALIAS_INDEX, AliasIndexChanged.class,
                a -> Keys.alias(a.merchantId(), a.aliasName(), a.aliasValue()), partitions), "aliases",
                (stores, key, alias) -> {
                    stores.replace(ALIASES, key, alias);
                    if (alias != null) {
                        stores.<String>store(ALIAS_NAMES).putIfAbsent(
                                alias.merchantId() + Keys.SEPARATOR + alias.aliasName(), "");
                    }
                });
        apply(byMerchant(builder, Topics.INVENTORY_RUNS, InventoryRunRecorded.class,
                r -> Keys.merchant(r.merchantId()), partitions), "runs",
                (stores, key, run) -> {
                    KeyValueStore<String, InventoryRunRecorded> runs = stores.store(RUNS);
                    InventoryRunRecorded held = runs.get(key);
                    if (run == null || held == null || laterRun(held, run) == run) {
                        stores.replace(RUNS, key, run);
                    }
                });
        apply(byMerchant(builder, Topics.CART_ORDERS, CartOrderLineReceived.class,
                o -> Keys.sku(o.merchantId(), o.sku()), partitions), "orders",
                (stores, key, order) -> {
                    KeyValueStore<String, OrderLines> orders = stores.store(ORDERS);
                    if (order == null) {
                        orders.delete(key);
                        return;
                    }
                    OrderLines held = orders.get(key);
                    List<CartOrderLineReceived> lines = new ArrayList<>();
                    if (held != null) {
                        held.lines().stream().filter(l -> !l.orderId().equals(order.orderId())).forEach(lines::add);
                    }
                    lines.add(order);
                    orders.put(key, new OrderLines(lines));
                });
        apply(MerchantRouting.cartKeyedByMerchant(EventSources.stream(builder, Topics.CART_PRODUCTS,
                        CartProductObserved.class, p -> Keys.cartAlias(p.cartId(), p.aliasValue())),
                        "diag-cart-products-by-merchant", EventSerde.of(CartProductObserved.class), partitions,
                        CartProductObserved::merchantId), "cart-products",
                (stores, key, product) -> stores.replace(CART_PRODUCTS, key, product));
        apply(MerchantRouting.cartKeyedByMerchant(EventSources.stream(builder, Topics.CART_PUSH_RESULTS,
                        CartPushRecorded.class, r -> Keys.cartAlias(r.cartId(), r.aliasValue())),
                        "diag-results-by-merchant", EventSerde.of(CartPushRecorded.class), partitions,
                        CartPushRecorded::merchantId), "results",
                (stores, key, result) -> {
                    KeyValueStore<String, CartPushRecorded> results = stores.store(RESULTS);
                    CartPushRecorded previous = results.get(key);
                    if (result == null) {
                        results.delete(key);
                    } else if (previous == null || !result.attemptedAt().isBefore(previous.attemptedAt())) {
                        results.put(key, result);
                        observer.recorded(previous, result, stores.model());
                    }
                });
    }

    private static <V> void addStore(StreamsBuilder builder, String name, Class<V> type) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                EventSerde.of(type)));
    }

    /** A topic keyed {@code merchantId/...}: partitioned by merchant already (DESIGN §3), read as it is. */
    private static <V> KStream<String, V> byMerchant(StreamsBuilder builder, String topic, Class<V> type,
            Function<V, String> key, int partitions) {
        return EventSources.stream(builder, topic, type, key);
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

    private static <V> void apply(KStream<String, V> stream, String name, Apply<V> apply) {
        stream.process(() -> new Applier<>(apply), Named.as("apply-" + name), STORES);
    }

    /** The stores of one task, as a processor sees them. */
    static final class TaskStores {

        private final ProcessorContext<?, ?> context;

        TaskStores(ProcessorContext<?, ?> context) {
            this.context = context;
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
            return new ReadModel(new ReadModel.Source() {
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
        }
    }

    private static final class Applier<V> implements Processor<String, V, Void, Void> {

        private final Apply<V> apply;
        private TaskStores stores;

        Applier(Apply<V> apply) {
            this.apply = apply;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            stores = new TaskStores(context);
        }

        @Override
        public void process(Record<String, V> record) {
            apply.apply(stores, record.key(), record.value());
        }
    }
}
