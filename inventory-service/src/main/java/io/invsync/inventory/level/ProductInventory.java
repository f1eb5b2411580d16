package io.invsync.inventory.level;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.ProductObserved;

/**
 * What the service holds for one product of one merchant: the product as last described by the products topic
 * (or, until it is, the SKU that quantity observations carried) and its level in every warehouse that reported
 * it. This is the value of the {@code product-levels} store.
 *
 * @param productObservedAt when the product description held here was observed; null when none was received
 * @param aliases           the product's aliases; {@code SKU} alone while no product description was received
 */
public record ProductInventory(
        String merchantId,
        String productId,
        String sku,
        Map<String, String> aliases,
        Instant productObservedAt,
        Map<String, WarehouseLevel> warehouses) {

    public ProductInventory {
        aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
        warehouses = warehouses == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(warehouses));
    }

    static ProductInventory empty(String merchantId, String productId) {
        return new ProductInventory(merchantId, productId, null, Map.of(), null, Map.of());
    }

    ProductInventory withProduct(ProductObserved product) {
        return new ProductInventory(merchantId, productId, product.sku(), product.aliases(), product.observedAt(),
                warehouses);
    }

    ProductInventory withLevel(String warehouseId, WarehouseLevel level) {
        var levels = new TreeMap<>(warehouses);
        levels.put(warehouseId, level);
        return new ProductInventory(merchantId, productId, sku, aliases, productObservedAt, levels);
    }

    ProductInventory withSku(String newSku) {
        return new ProductInventory(merchantId, productId, newSku,
                newSku == null ? Map.of() : Map.of(ProductObserved.SKU_ALIAS, newSku), productObservedAt, warehouses);
    }

    /** The product description was deleted: keep the levels, and the SKU as the only alias. */
    ProductInventory withoutProduct() {
        return new ProductInventory(merchantId, productId, sku, null, null, warehouses).withSku(sku);
    }

    /** The newest observation this state reflects: of the product or of any of its levels. */
    public Instant observedAt() {
        Instant latest = productObservedAt;
        for (WarehouseLevel level : warehouses.values()) {
            if (latest == null || level.observedAt().isAfter(latest)) {
                latest = level.observedAt();
            }
        }
        return latest;
    }

    /** The latest time any of this product's levels was loaded. */
    public Instant lastLoadedAt() {
        Instant latest = null;
        for (WarehouseLevel level : warehouses.values()) {
            if (latest == null || level.loadedAt().isAfter(latest)) {
                latest = level.loadedAt();
            }
        }
        return latest;
    }

    public InventoryLevelChanged.Total total() {
        return InventoryLevelChanged.Total.of(warehouses);
    }

    public InventoryLevelChanged toEvent() {
        return new InventoryLevelChanged(merchantId, productId, sku, aliases, warehouses, total(), observedAt());
    }
}
