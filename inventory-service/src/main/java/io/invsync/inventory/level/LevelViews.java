package io.invsync.inventory.level;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.Kit;
import io.invsync.events.InventoryLevelChanged.Total;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;

/** Response bodies of the level queries. */
final class LevelViews {

    private LevelViews() {
    }

    /** {@code GET /api/merchants/{m}/products}: totals over all warehouses. */
    /** {@code nextAfter}: pass it as {@code after} for the next page; null on the last page. */
    record ProductsResponse(String merchantId, String search, int limit, String nextAfter,
            List<ProductTotal> products) {
    }

    /**
     * @param kit for a kit: its components (each resolved to its product, or null) and per warehouse the limiting
     *            component and the kit's own stock; {@code total} and {@code warehouses} are then the kit's computed
     *            level. Null for a product that is not a kit.
     */
    record ProductTotal(String productId, String sku, Map<String, String> aliases, Total total,
            Map<String, WarehouseLevel> warehouses, Instant observedAt, Instant lastLoadedAt, Kit kit) {

        /** @param kitLevel the kit's computed level, or null (not a kit, or not computed yet) */
        static ProductTotal of(ProductInventory product, InventoryLevelChanged kitLevel) {
            if (kitLevel != null && kitLevel.kit() != null) {
                return new ProductTotal(product.productId(), product.sku(), product.aliases(), kitLevel.total(),
                        kitLevel.warehouses(), kitLevel.observedAt(), product.lastLoadedAt(), kitLevel.kit());
            }
            return new ProductTotal(product.productId(), product.sku(), product.aliases(), product.total(),
                    product.warehouses(), product.observedAt(), product.lastLoadedAt(), null);
        }
    }

    /** {@code GET /api/merchants/{m}/warehouses/{w}/products}: levels in one warehouse ("Locations & Products"). */
    record WarehouseProductsResponse(String merchantId, String warehouseId, String search, int limit,
            String nextAfter, List<WarehouseProduct> products) {
    }

    /**
     * @param components for a kit, its components; null otherwise
     * @param kit        for a kit, how its level here came about (the limiting component, the kit's own stock)
     */
    record WarehouseProduct(String productId, String sku, Map<String, String> aliases, long onHand, long allocated,
            long available, Instant observedAt, Instant loadedAt, List<Kit.Component> components,
            Kit.KitWarehouse kit) {

        static WarehouseProduct of(ProductInventory product, WarehouseLevel level, Kit kit, String warehouseId) {
            return new WarehouseProduct(product.productId(), product.sku(), product.aliases(), level.onHand(),
                    level.allocated(), level.available(), level.observedAt(), level.loadedAt(),
                    kit == null ? null : kit.components(), kit == null ? null : kit.warehouses().get(warehouseId));
        }
    }
}
