package io.invsync.diagnostics.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.Keys;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.ProductObserved;
import io.invsync.events.WarehouseObserved;
import io.invsync.support.streams.Carts;
import io.invsync.support.streams.MerchantRouting;

import static io.invsync.diagnostics.model.ReadModelTopology.ALIASES;
import static io.invsync.diagnostics.model.ReadModelTopology.ALIAS_NAMES;
import static io.invsync.diagnostics.model.ReadModelTopology.CART_PRODUCTS;
import static io.invsync.diagnostics.model.ReadModelTopology.LEVELS;
import static io.invsync.diagnostics.model.ReadModelTopology.MERCHANTS;
import static io.invsync.diagnostics.model.ReadModelTopology.ORDERS;
import static io.invsync.diagnostics.model.ReadModelTopology.PRODUCTS;
import static io.invsync.diagnostics.model.ReadModelTopology.RESULTS;
import static io.invsync.diagnostics.model.ReadModelTopology.RUNS;
import static io.invsync.diagnostics.model.ReadModelTopology.WAREHOUSES;

/**
 * What diagnostics knows of a merchant, read from the stores of {@link ReadModelTopology}: inside the topology
 * from a task's own stores, or over interactive queries from this instance's (see {@link ReadModels}). A merchant's
 * records are all in one partition, so the instance that holds it answers every question about the merchant.
 */
public final class ReadModel {

    /** Where the stores are read: a task's own, or this instance's through interactive queries. */
    public interface Source {

        <V> ReadOnlyKeyValueStore<String, V> store(String name);

        /** A global table, whose values come with their timestamps. */
        <V> ReadOnlyKeyValueStore<String, ValueAndTimestamp<V>> global(String name);
    }

    private final Source source;

    public ReadModel(Source source) {
        this.source = source;
    }

    private <V> V get(String store, String key) {
        return source.<V>store(store).get(key);
    }

    private <V> void scan(String store, String prefix, BiConsumer<String, V> each) {
        try (KeyValueIterator<String, V> entries = source.<V>store(store).prefixScan(prefix, new StringSerializer())) {
            entries.forEachRemaining(entry -> {
                if (entry.value != null) {
                    each.accept(entry.key, entry.value);
                }
            });
        }
    }

    /** A page of the value's sync history, newest first (see {@link SyncHistory#read}). */
    public SyncHistory.Page history(String merchantId, String cartId, String aliasValue, List<String> productIds,
            Instant before, Instant now, int limit) {
        return SyncHistory.read(source, merchantId, cartId, aliasValue, productIds, before, now, limit);
    }

    /** The merchants with settings or carts (global), and those whose runs or warehouses this instance holds. */
    public SortedSet<String> merchantIds() {
        SortedSet<String> ids = new TreeSet<>();
        try (var merchants = source.<MerchantSettingsChanged>global(MERCHANTS).all()) {
            merchants.forEachRemaining(entry -> ids.add(entry.key));
        }
        carts().all().forEach(cart -> ids.add(cart.merchantId()));
        try (KeyValueIterator<String, InventoryRunRecorded> runs = source.<InventoryRunRecorded>store(RUNS).all()) {
            runs.forEachRemaining(entry -> ids.add(entry.key));
        }
        try (KeyValueIterator<String, WarehouseObserved> warehouses = source.<WarehouseObserved>store(WAREHOUSES).all()) {
            warehouses.forEachRemaining(entry -> ids.add(Keys.owner(entry.key)));
        }
        return ids;
    }

    public Optional<MerchantSettingsChanged> merchant(String merchantId) {
        ValueAndTimestamp<MerchantSettingsChanged> held = source.<MerchantSettingsChanged>global(MERCHANTS)
                .get(merchantId);
        return held == null ? Optional.empty() : Optional.ofNullable(held.value());
    }

    public Optional<InventoryRunRecorded> lastRun(String merchantId) {
        return Optional.ofNullable(get(RUNS, Keys.merchant(merchantId)));
    }

    public List<WarehouseObserved> warehouses(String merchantId) {
        List<WarehouseObserved> warehouses = new ArrayList<>();
        this.<WarehouseObserved>scan(WAREHOUSES, Keys.merchant(merchantId) + Keys.SEPARATOR,
                (key, warehouse) -> warehouses.add(warehouse));
        return warehouses;
    }

    public Optional<ProductObserved> product(String merchantId, String productId) {
        return Optional.ofNullable(get(PRODUCTS, Keys.product(merchantId, productId)));
    }

    public Optional<InventoryLevelChanged> level(String merchantId, String productId) {
        return Optional.ofNullable(get(LEVELS, Keys.product(merchantId, productId)));
    }

    /** The products holding an alias value, from the alias index. */
    public List<String> productsWithAlias(String merchantId, String aliasName, String aliasValue) {
        AliasIndexChanged entry = get(ALIASES, Keys.alias(merchantId, aliasName, aliasValue));
        return entry == null ? List.of() : entry.productIds();
    }

    /** The alias index entry of a value: who holds it now, and who gave it up last. */
    public Optional<AliasIndexChanged> aliasEntry(String merchantId, String aliasName, String aliasValue) {
        return Optional.ofNullable(get(ALIASES, Keys.alias(merchantId, aliasName, aliasValue)));
    }

    /** Every alias index entry of a merchant with this value, whatever the alias name. */
    public List<AliasIndexChanged> aliasEntriesWithValue(String merchantId, String aliasValue) {
        List<AliasIndexChanged> entries = new ArrayList<>();
        this.<String>scan(ALIAS_NAMES, Keys.merchant(merchantId) + Keys.SEPARATOR, (key, ignored) -> {
            String aliasName = key.substring(key.indexOf(Keys.SEPARATOR) + 1);
            AliasIndexChanged entry = get(ALIASES, Keys.alias(merchantId, aliasName, aliasValue));
            if (entry != null && !entry.productIds().isEmpty()) {
                entries.add(entry);
            }
        });
        return entries;
    }

    /** Every alias value of a merchant under one alias name, handed over one at a time. */
    public void forEachAliasEntry(String merchantId, String aliasName, java.util.function.Consumer<AliasIndexChanged> each) {
        this.<AliasIndexChanged>scan(ALIASES, Keys.merchant(merchantId) + Keys.SEPARATOR + Keys.requireId("aliasName",
                aliasName) + Keys.SEPARATOR, (key, entry) -> {
                    if (!entry.productIds().isEmpty()) {
                        each.accept(entry);
                    }
                });
    }

    /**
     * Whether a cart is concerned with an alias value: a product holds the value under the cart's push alias, or
     * invsync recorded an outcome for it in the cart. These are the values {@code Diagnostics.explainCart} explains
     * and the discrepancy counts judge.
     */
    public boolean concerns(CartSettingsChanged cart, String aliasValue) {
        return !productsWithAlias(cart.merchantId(), cart.pushAlias(), aliasValue).isEmpty()
                || cart.locations().stream().anyMatch(place -> result(cart.merchantId(), cart.cartId(),
                        place.location(), aliasValue).isPresent());
    }

    public Optional<CartSettingsChanged> cart(String cartId) {
        return carts().get(cartId);
    }

    public List<CartSettingsChanged> cartsOf(String merchantId) {
        return carts().ofMerchant(merchantId);
    }

    /** What the cart said of the value at one of its locations. */
    public Optional<CartProductObserved> cartProduct(String merchantId, String cartId, String location,
            String aliasValue) {
        return Optional.ofNullable(get(CART_PRODUCTS, MerchantRouting.cartKey(merchantId, cartId, location,
                aliasValue)));
    }

    /** The last outcome for the value at one of the cart's locations. */
    public Optional<CartPushRecorded> result(String merchantId, String cartId, String location, String aliasValue) {
        return Optional.ofNullable(get(RESULTS, MerchantRouting.cartKey(merchantId, cartId, location, aliasValue)));
    }

    /** Every result of a cart, handed over one at a time. */
    public void forEachResult(String merchantId, String cartId, java.util.function.Consumer<CartPushRecorded> each) {
        this.<CartPushRecorded>scan(RESULTS, MerchantRouting.cartPrefix(merchantId, cartId),
                (key, result) -> each.accept(result));
    }

    /**
     * How many alias values the cart is concerned with ({@link #concerns}): the entries of its push alias, and the
     * values it has a result for that no product holds under it. Counted as the stores are scanned, not collected.
     */
    public long countConcernedValues(CartSettingsChanged cart) {
        long[] values = { 0 };
        forEachAliasEntry(cart.merchantId(), cart.pushAlias(), entry -> values[0]++);
        forEachResult(cart.merchantId(), cart.cartId(), result -> {
            if (productsWithAlias(cart.merchantId(), cart.pushAlias(), result.aliasValue()).isEmpty()) {
                values[0]++;
            }
        });
        return values[0];
    }

    /** What the cart said of each value it was read for (catalog reads, reconciliations), one at a time. */
    public void forEachCartProduct(String merchantId, String cartId, java.util.function.Consumer<CartProductObserved> each) {
        this.<CartProductObserved>scan(CART_PRODUCTS, MerchantRouting.cartPrefix(merchantId, cartId),
                (key, read) -> each.accept(read));
    }

    public List<CartOrderLineReceived> orders(String merchantId, String sku) {
        ReadModelTopology.OrderLines lines = get(ORDERS, Keys.sku(merchantId, sku));
        return lines == null ? List.of() : lines.lines();
    }

    private Carts carts() {
        return new Carts(source.global(Carts.STORE));
    }
}
