package io.invsync.cartpush.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Keys;

/**
 * What cart-push-service knows, as tables rebuilt from the compacted topics on every start: carts, inventory
 * levels, the alias index, the carts' own product records, in-flight orders, and the last outcome per
 * (cart, alias value). Nothing here is stored anywhere but Kafka.
 */
@Component
public class PushState {

    private final Map<String, CartSettingsChanged> carts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, InventoryLevelChanged>> levelsByMerchant = new ConcurrentHashMap<>();
    private final Map<String, AliasIndexChanged> aliasIndex = new ConcurrentHashMap<>();
    private final Map<String, Map<String, CartProductObserved>> cartProducts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, CartPushRecorded>> results = new ConcurrentHashMap<>();
    private final Map<String, List<CartOrderLineReceived>> ordersBySku = new ConcurrentHashMap<>();
    /** merchantId/sku → the products with that SKU (one, unless SKUs are duplicated); small immutable sets. */
    private final Map<String, Set<String>> productsBySku = new ConcurrentHashMap<>();

    public void putCart(CartSettingsChanged cart) {
        carts.merge(cart.cartId(), cart, (held, arriving) -> arriving.observedAt().isBefore(held.observedAt()) ? held : arriving);
    }

    public Optional<CartSettingsChanged> cart(String cartId) {
        return Optional.ofNullable(carts.get(cartId));
    }

    public Collection<CartSettingsChanged> carts() {
        return List.copyOf(carts.values());
    }

    public List<CartSettingsChanged> cartsOf(String merchantId) {
        return carts.values().stream().filter(c -> c.merchantId().equals(merchantId)).toList();
    }

    public void putLevel(InventoryLevelChanged level) {
        InventoryLevelChanged before = levelsByMerchant.computeIfAbsent(level.merchantId(), m -> new ConcurrentHashMap<>())
                .put(level.productId(), level);
        if (before != null && !before.sku().equals(level.sku())) {
            productsBySku.computeIfPresent(Keys.sku(level.merchantId(), before.sku()), (k, products) -> without(
                    products, level.productId()));
        }
        productsBySku.compute(Keys.sku(level.merchantId(), level.sku()), (k, products) -> products == null
                ? Set.of(level.productId()) : with(products, level.productId()));
        List<CartOrderLineReceived> orders = ordersBySku.get(Keys.sku(level.merchantId(), level.sku()));
        if (orders != null) {
            synchronized (orders) {
                // a level observed after the order was placed already has it in its allocation
                orders.removeIf(order -> level.warehouses().values().stream()
                        .allMatch(w -> w.observedAt().isAfter(order.placedAt())));
            }
        }
    }

    public Optional<InventoryLevelChanged> level(String merchantId, String productId) {
        return Optional.ofNullable(levelsByMerchant.getOrDefault(merchantId, Map.of()).get(productId));
    }

    public Collection<InventoryLevelChanged> levelsOf(String merchantId) {
        return List.copyOf(levelsByMerchant.getOrDefault(merchantId, Map.of()).values());
    }

    /** The products whose level carries this SKU. */
    public Set<String> productsWithSku(String merchantId, String sku) {
        return productsBySku.getOrDefault(Keys.sku(merchantId, sku), Set.of());
    }

    private static Set<String> with(Set<String> products, String productId) {
        if (products.contains(productId)) {
            return products;
        }
        Set<String> more = new java.util.HashSet<>(products);
        more.add(productId);
        return Set.copyOf(more);
    }

    /** The set without the product; null (no entry) when none is left. */
    private static Set<String> without(Set<String> products, String productId) {
        Set<String> fewer = new java.util.HashSet<>(products);
        fewer.remove(productId);
        return fewer.isEmpty() ? null : Set.copyOf(fewer);
    }

    public void putAliasIndex(AliasIndexChanged entry) {
        aliasIndex.put(Keys.alias(entry.merchantId(), entry.aliasName(), entry.aliasValue()), entry);
    }

    /** The products holding an alias value; empty when the index has not seen it. */
    public List<String> productsWithAlias(String merchantId, String aliasName, String aliasValue) {
        AliasIndexChanged entry = aliasIndex.get(Keys.alias(merchantId, aliasName, aliasValue));
        return entry == null ? List.of() : entry.productIds();
    }

    public void putCartProduct(CartProductObserved product) {
        cartProducts.computeIfAbsent(product.cartId(), c -> new ConcurrentHashMap<>()).put(product.aliasValue(), product);
    }

    public Optional<CartProductObserved> cartProduct(String cartId, String aliasValue) {
        return Optional.ofNullable(cartProducts.getOrDefault(cartId, Map.of()).get(aliasValue));
    }

    public void putResult(CartPushRecorded result) {
        results.computeIfAbsent(result.cartId(), c -> new ConcurrentHashMap<>()).merge(result.aliasValue(), result,
                (held, arriving) -> arriving.attemptedAt().isBefore(held.attemptedAt()) ? held : arriving);
    }

    public Optional<CartPushRecorded> result(String cartId, String aliasValue) {
        return Optional.ofNullable(results.getOrDefault(cartId, Map.of()).get(aliasValue));
    }

    public Collection<CartPushRecorded> resultsOf(String cartId) {
        return List.copyOf(results.getOrDefault(cartId, Map.of()).values());
    }

    public void putOrder(CartOrderLineReceived order) {
        String key = Keys.sku(order.merchantId(), order.sku());
        while (true) {
            List<CartOrderLineReceived> orders = ordersBySku.computeIfAbsent(key, k -> new ArrayList<>());
            synchronized (orders) {
                if (ordersBySku.get(key) != orders) {
                    continue; // emptied and removed by dropOrdersPlacedBy meanwhile: take the new list
                }
                orders.removeIf(held -> held.orderId().equals(order.orderId())
                        && java.util.Objects.equals(held.cartId(), order.cartId()));
                orders.add(order);
                return;
            }
        }
    }

    /**
     * Drops the order lines placed at or before {@code placedBy} (their hold has ended whatever the WMS sends) and
     * returns them, so that their products are planned again with the stock they held back.
     */
    public List<CartOrderLineReceived> dropOrdersPlacedBy(Instant placedBy) {
        List<CartOrderLineReceived> dropped = new ArrayList<>();
        for (var entry : ordersBySku.entrySet()) {
            List<CartOrderLineReceived> orders = entry.getValue();
            synchronized (orders) {
                orders.removeIf(order -> {
                    boolean ended = !order.placedAt().isAfter(placedBy);
                    if (ended) {
                        dropped.add(order);
                    }
                    return ended;
                });
                if (orders.isEmpty()) {
                    // under the list's lock, so that putOrder (which adds under it) never adds to a removed list
                    ordersBySku.remove(entry.getKey(), orders);
                }
            }
        }
        return dropped;
    }

    public List<CartOrderLineReceived> ordersFor(String merchantId, String sku) {
        List<CartOrderLineReceived> orders = ordersBySku.get(Keys.sku(merchantId, sku));
        if (orders == null) {
            return List.of();
        }
        synchronized (orders) {
            return List.copyOf(orders);
        }
    }
}
