package io.invsync.diagnostics.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

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

/**
 * Everything diagnostics knows, rebuilt from the topics on every start (no other store). Each instance reads
 * every partition, so any instance can explain any SKU.
 */
@Component
public class ReadModel {

    private final Map<String, MerchantSettingsChanged> merchants = new ConcurrentHashMap<>();
    private final Map<String, InventoryRunRecorded> lastRuns = new ConcurrentHashMap<>();
    private final Map<String, Map<String, WarehouseObserved>> warehouses = new ConcurrentHashMap<>();
    private final Map<String, ProductObserved> products = new ConcurrentHashMap<>();
    private final Map<String, InventoryLevelChanged> levels = new ConcurrentHashMap<>();
    /**
     * merchantId/aliasValue → its entries under every alias name (usually one): found without a scan, held in
     * small immutable lists rather than a map per value (there are as many values as products × alias names).
     */
    private final Map<String, List<AliasIndexChanged>> aliasesByValue = new ConcurrentHashMap<>();
    /** merchantId/aliasName → aliasValue → entry. */
    private final Map<String, Map<String, AliasIndexChanged>> aliasesByName = new ConcurrentHashMap<>();
    private final Map<String, CartSettingsChanged> carts = new ConcurrentHashMap<>();
    private final Map<String, CartProductObserved> cartProducts = new ConcurrentHashMap<>();
    private final Map<String, CartPushRecorded> results = new ConcurrentHashMap<>();
    private final Map<String, List<CartOrderLineReceived>> orders = new ConcurrentHashMap<>();

    void put(MerchantSettingsChanged merchant) {
        merchants.merge(merchant.merchantId(), merchant, (a, b) -> b.observedAt().isBefore(a.observedAt()) ? a : b);
    }

    void put(InventoryRunRecorded run) {
        lastRuns.merge(run.merchantId(), run, (held, arriving) -> {
            if (held.runId().equals(arriving.runId())) {
                return held.status().finished() && !arriving.status().finished() ? held : arriving;
            }
            return arriving.startedAt().isBefore(held.startedAt()) ? held : arriving;
        });
    }

    void put(WarehouseObserved warehouse) {
        warehouses.computeIfAbsent(warehouse.merchantId(), m -> new ConcurrentHashMap<>())
                .put(warehouse.warehouseId(), warehouse);
    }

    void put(ProductObserved product) {
        products.put(Keys.product(product.merchantId(), product.productId()), product);
    }

    void put(InventoryLevelChanged level) {
        levels.put(Keys.product(level.merchantId(), level.productId()), level);
    }

    void put(AliasIndexChanged alias) {
        aliasesByValue.compute(alias.merchantId() + Keys.SEPARATOR + alias.aliasValue(), (k, held) -> {
            if (held == null) {
                return List.of(alias);
            }
            List<AliasIndexChanged> entries = new ArrayList<>(held.size() + 1);
            held.stream().filter(a -> !a.aliasName().equals(alias.aliasName())).forEach(entries::add);
            entries.add(alias);
            return List.copyOf(entries);
        });
        aliasesByName.computeIfAbsent(alias.merchantId() + Keys.SEPARATOR + alias.aliasName(),
                k -> new ConcurrentHashMap<>()).put(alias.aliasValue(), alias);
    }

    void put(CartSettingsChanged cart) {
        carts.merge(cart.cartId(), cart, (a, b) -> b.observedAt().isBefore(a.observedAt()) ? a : b);
    }

    void put(CartProductObserved product) {
        cartProducts.put(Keys.cartAlias(product.cartId(), product.aliasValue()), product);
    }

    void put(CartPushRecorded result) {
        results.merge(Keys.cartAlias(result.cartId(), result.aliasValue()), result,
                (a, b) -> b.attemptedAt().isBefore(a.attemptedAt()) ? a : b);
    }

    void put(CartOrderLineReceived order) {
        List<CartOrderLineReceived> lines = orders.computeIfAbsent(Keys.sku(order.merchantId(), order.sku()),
                k -> new ArrayList<>());
        synchronized (lines) {
            lines.removeIf(l -> l.orderId().equals(order.orderId()));
            lines.add(order);
        }
    }

    /** Every merchant anything is known of: settings, runs, warehouses or carts. */
    public SortedSet<String> merchantIds() {
        SortedSet<String> ids = new TreeSet<>(merchants.keySet());
        ids.addAll(lastRuns.keySet());
        ids.addAll(warehouses.keySet());
        carts.values().forEach(c -> ids.add(c.merchantId()));
        return ids;
    }

    public Optional<MerchantSettingsChanged> merchant(String merchantId) {
        return Optional.ofNullable(merchants.get(merchantId));
    }

    public Optional<InventoryRunRecorded> lastRun(String merchantId) {
        return Optional.ofNullable(lastRuns.get(merchantId));
    }

    public Collection<WarehouseObserved> warehouses(String merchantId) {
        return List.copyOf(warehouses.getOrDefault(merchantId, Map.of()).values());
    }

    public Optional<ProductObserved> product(String merchantId, String productId) {
        return Optional.ofNullable(products.get(Keys.product(merchantId, productId)));
    }

    public Optional<InventoryLevelChanged> level(String merchantId, String productId) {
        return Optional.ofNullable(levels.get(Keys.product(merchantId, productId)));
    }

    /** The products holding an alias value, from the alias index. */
    public List<String> productsWithAlias(String merchantId, String aliasName, String aliasValue) {
        AliasIndexChanged entry = aliasesByName.getOrDefault(merchantId + Keys.SEPARATOR + aliasName, Map.of())
                .get(aliasValue);
        return entry == null ? List.of() : entry.productIds();
    }

    /** Every alias index entry of a merchant with this value, whatever the alias name. */
    public List<AliasIndexChanged> aliasEntriesWithValue(String merchantId, String aliasValue) {
        return aliasesByValue.getOrDefault(merchantId + Keys.SEPARATOR + aliasValue, List.of()).stream()
                .filter(a -> !a.productIds().isEmpty()).toList();
    }

    /** Every alias value of a merchant under one alias name. */
    public List<AliasIndexChanged> aliasEntries(String merchantId, String aliasName) {
        return aliasesByName.getOrDefault(merchantId + Keys.SEPARATOR + aliasName, Map.of()).values().stream()
                .filter(a -> !a.productIds().isEmpty()).toList();
    }

    public Optional<CartSettingsChanged> cart(String cartId) {
        return Optional.ofNullable(carts.get(cartId));
    }

    public List<CartSettingsChanged> cartsOf(String merchantId) {
        return carts.values().stream().filter(c -> c.merchantId().equals(merchantId)).toList();
    }

    public Optional<CartProductObserved> cartProduct(String cartId, String aliasValue) {
        return Optional.ofNullable(cartProducts.get(Keys.cartAlias(cartId, aliasValue)));
    }

    public Optional<CartPushRecorded> result(String cartId, String aliasValue) {
        return Optional.ofNullable(results.get(Keys.cartAlias(cartId, aliasValue)));
    }

    public List<CartPushRecorded> resultsOf(String cartId) {
        String prefix = cartId + Keys.SEPARATOR;
        return results.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                .toList();
    }

    public List<CartOrderLineReceived> orders(String merchantId, String sku) {
        List<CartOrderLineReceived> lines = orders.get(Keys.sku(merchantId, sku));
        if (lines == null) {
            return List.of();
        }
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
