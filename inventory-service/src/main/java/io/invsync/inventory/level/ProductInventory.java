package io.invsync.inventory.level;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.KitComponent;
import io.invsync.events.ProductObserved;

/**
 * What the service holds for one product of one merchant: the product as last described by the products topic
 * (or, until it is, the SKU that quantity observations carried) and its level in every warehouse that reported
 * it. This is the value of the {@code product-levels} store.
 *
 * @param productObservedAt when the product description held here was observed; null when none was received
 * @param aliases           the product's aliases, merged over its descriptions (DESIGN §1: a description that does
 *                          not mention an alias keeps it; one that removes it drops it); {@code SKU} alone while no
 *                          product description was received
 * @param warehouses        the levels the WMS reported for this product itself (for a kit, its own stock: the
 *                          kit's level with its components is computed by {@code io.invsync.inventory.kit})
 * @param components        for a kit, its components as last described; empty for a product that is not a kit
 */
public record ProductInventory(
        String merchantId,
        String productId,
        String sku,
        Map<String, String> aliases,
        Instant productObservedAt,
        Map<String, WarehouseLevel> warehouses,
        List<KitComponent> components) {

    public ProductInventory {
        aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
        warehouses = warehouses == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(warehouses));
        components = components == null ? List.of() : List.copyOf(components);
    }

    static ProductInventory empty(String merchantId, String productId) {
        return new ProductInventory(merchantId, productId, null, Map.of(), null, Map.of(), List.of());
    }

    /** Whether the product is a kit: its description names components. */
    public boolean kit() {
        return !components.isEmpty();
    }

    /**
     * The product as a newer description says, merged over the one held: an alias the description does not mention
     * keeps its known value (a CSV from another warehouse without a UPC column does not lose the UPC), an alias it
     * removes is dropped, and components it does not mention (null) stay as known.
     */
    ProductInventory withProduct(ProductObserved product) {
        boolean described = productObservedAt != null;
        var merged = new TreeMap<String, String>();
        if (described) {
            merged.putAll(aliases);
        }
        merged.putAll(product.aliases());
        product.removedAliases().forEach(merged::remove);
        merged.put(ProductObserved.SKU_ALIAS, product.sku());
        List<KitComponent> parts = product.components() != null ? product.components()
                : described ? components : List.of();
        return new ProductInventory(merchantId, productId, product.sku(), merged, product.observedAt(), warehouses,
                parts);
    }

    ProductInventory withLevel(String warehouseId, WarehouseLevel level) {
        var levels = new TreeMap<>(warehouses);
        levels.put(warehouseId, level);
        return new ProductInventory(merchantId, productId, sku, aliases, productObservedAt, levels, components);
    }

    ProductInventory withSku(String newSku) {
        return new ProductInventory(merchantId, productId, newSku,
                newSku == null ? Map.of() : Map.of(ProductObserved.SKU_ALIAS, newSku), productObservedAt, warehouses,
                components);
    }

    /** The product description was deleted: keep the levels, and the SKU as the only alias; no longer a kit. */
    ProductInventory withoutProduct() {
        return new ProductInventory(merchantId, productId, sku, null, null, warehouses, List.of()).withSku(sku);
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
