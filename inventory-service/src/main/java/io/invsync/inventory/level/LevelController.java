package io.invsync.inventory.level;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.Keys;
import io.invsync.inventory.kit.KitTopology;
import io.invsync.inventory.level.LevelViews.ProductTotal;
import io.invsync.inventory.level.LevelViews.ProductsResponse;
import io.invsync.inventory.level.LevelViews.WarehouseProduct;
import io.invsync.inventory.level.LevelViews.WarehouseProductsResponse;
import io.invsync.support.streams.StateStores;

/**
 * Levels by product and by warehouse. The product-levels store is partitioned by product, so both listings
 * scan {@code merchantId/} on every instance and merge. Both are paged ({@code limit}, at most 1000, and
 * {@code after}, the last productId of the previous page): a merchant's whole catalog is never built in memory.
 */
@RestController
@RequestMapping("/api/merchants/{merchantId}")
class LevelController {

    static final int MAX_LIMIT = 1000;

    private final StateStores stores;

    LevelController(StateStores stores) {
        this.stores = stores;
    }

    @GetMapping("/products")
    ProductsResponse products(@PathVariable String merchantId, @RequestParam(required = false) String search,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_LIMIT) int limit,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly,
            HttpServletRequest request) {
        Keys.requireId("merchantId", merchantId);
        List<ProductTotal> products = stores.everywhere(LevelTopology.STORE, localOnly,
                () -> {
                    var kits = kitLevels();
                    return this.page(merchantId, after, product -> ProductSearch.matches(product, search), limit)
                            .stream()
                            .map(product -> ProductTotal.of(product, kitLevel(kits, product)))
                            .toList();
                },
                StateStores.pathAndQuery(request), ProductsResponse.class, ProductsResponse::products);
        List<ProductTotal> page = products.stream().sorted(Comparator.comparing(ProductTotal::productId))
                .limit(limit).toList();
        return new ProductsResponse(merchantId, search, limit, nextAfter(page, limit, ProductTotal::productId), page);
    }

    @GetMapping("/warehouses/{warehouseId}/products")
    WarehouseProductsResponse warehouseProducts(@PathVariable String merchantId, @PathVariable String warehouseId,
            @RequestParam(required = false) String search,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_LIMIT) int limit,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly,
            HttpServletRequest request) {
        Keys.warehouse(merchantId, warehouseId);
        List<WarehouseProduct> products = stores.everywhere(LevelTopology.STORE, localOnly,
                () -> {
                    var kits = kitLevels();
                    return this.page(merchantId, after, product -> levels(kits, product).containsKey(warehouseId)
                                    && ProductSearch.matches(product, search), limit).stream()
                            .map(product -> {
                                InventoryLevelChanged kit = kitLevel(kits, product);
                                WarehouseLevel level = levels(kits, product).get(warehouseId);
                                return WarehouseProduct.of(product, level, kit == null ? null : kit.kit(), warehouseId);
                            })
                            .toList();
                },
                StateStores.pathAndQuery(request), WarehouseProductsResponse.class, WarehouseProductsResponse::products);
        List<WarehouseProduct> page = products.stream().sorted(Comparator.comparing(WarehouseProduct::productId))
                .limit(limit).toList();
        return new WarehouseProductsResponse(merchantId, warehouseId, search, limit,
                nextAfter(page, limit, WarehouseProduct::productId), page);
    }

    /** The kits' computed levels, kept in the same tasks as the products: a local read. */
    private ReadOnlyKeyValueStore<String, InventoryLevelChanged> kitLevels() {
        return stores.local(KitTopology.STORE);
    }

    private static InventoryLevelChanged kitLevel(ReadOnlyKeyValueStore<String, InventoryLevelChanged> kits,
            ProductInventory product) {
        return product.kit() ? kits.get(Keys.product(product.merchantId(), product.productId())) : null;
    }

    /** A kit's computed levels (its components' and its own), or a product's own. */
    private static Map<String, WarehouseLevel> levels(ReadOnlyKeyValueStore<String, InventoryLevelChanged> kits,
            ProductInventory product) {
        InventoryLevelChanged kit = kitLevel(kits, product);
        return kit != null ? kit.warehouses() : product.warehouses();
    }

    /** This instance's first {@code limit} matching products after the productId {@code after}. */
    private List<ProductInventory> page(String merchantId, String after, Predicate<ProductInventory> filter,
            int limit) {
        return stores.scanLocal(LevelTopology.STORE, merchantId + Keys.SEPARATOR, after, filter, limit);
    }

    /** A full page may have a next one; a shorter page is the last. */
    private static <T> String nextAfter(List<T> page, int limit, Function<T, String> productId) {
        return page.size() < limit ? null : productId.apply(page.get(page.size() - 1));
    }

}
