package io.invsync.inventory.level;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    record ProductTotal(String productId, String sku, Map<String, String> aliases, Total total,
            Map<String, WarehouseLevel> warehouses, Instant observedAt, Instant lastLoadedAt) {

        static ProductTotal of(ProductInventory product) {
            return new ProductTotal(product.productId(), product.sku(), product.aliases(), product.total(),
                    product.warehouses(), product.observedAt(), product.lastLoadedAt());
        }
    }

    /** {@code GET /api/merchants/{m}/warehouses/{w}/products}: levels in one warehouse ("Locations & Products"). */
    record WarehouseProductsResponse(String merchantId, String warehouseId, String search, int limit,
            String nextAfter, List<WarehouseProduct> products) {
    }

    record WarehouseProduct(String productId, String sku, Map<String, String> aliases, long onHand, long allocated,
            long available, Instant observedAt, Instant loadedAt) {

        static WarehouseProduct of(ProductInventory product, WarehouseLevel level) {
            return new WarehouseProduct(product.productId(), product.sku(), product.aliases(), level.onHand(),
                    level.allocated(), level.available(), level.observedAt(), level.loadedAt());
        }
    }
}
