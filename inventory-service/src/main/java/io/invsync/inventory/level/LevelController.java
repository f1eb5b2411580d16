package io.invsync.inventory.level;

import java.util.Comparator;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.Keys;
import io.invsync.inventory.level.LevelViews.ProductTotal;
import io.invsync.inventory.level.LevelViews.ProductsResponse;
import io.invsync.inventory.level.LevelViews.WarehouseProduct;
import io.invsync.inventory.level.LevelViews.WarehouseProductsResponse;
import io.invsync.inventory.streams.StateStores;

/**
 * Levels by product and by warehouse. The product-levels store is partitioned by product, so both listings
 * scan {@code merchantId/} on every instance and merge.
 */
@RestController
@RequestMapping("/api/merchants/{merchantId}")
class LevelController {

    private final StateStores stores;

    LevelController(StateStores stores) {
        this.stores = stores;
    }

    @GetMapping("/products")
    ProductsResponse products(@PathVariable String merchantId, @RequestParam(required = false) String search,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly,
            HttpServletRequest request) {
        Keys.requireId("merchantId", merchantId);
        List<ProductTotal> products = stores.everywhere(LevelTopology.STORE, localOnly,
                () -> this.local(merchantId).stream()
                        .filter(product -> ProductSearch.matches(product, search))
                        .map(ProductTotal::of)
                        .toList(),
                pathAndQuery(request), ProductsResponse.class, ProductsResponse::products);
        return new ProductsResponse(merchantId, search,
                products.stream().sorted(Comparator.comparing(ProductTotal::productId)).toList());
    }

    @GetMapping("/warehouses/{warehouseId}/products")
    WarehouseProductsResponse warehouseProducts(@PathVariable String merchantId, @PathVariable String warehouseId,
            @RequestParam(required = false) String search,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly,
            HttpServletRequest request) {
        Keys.warehouse(merchantId, warehouseId);
        List<WarehouseProduct> products = stores.everywhere(LevelTopology.STORE, localOnly,
                () -> this.local(merchantId).stream()
                        .filter(product -> product.warehouses().containsKey(warehouseId))
                        .filter(product -> ProductSearch.matches(product, search))
                        .map(product -> {
                            WarehouseLevel level = product.warehouses().get(warehouseId);
                            return WarehouseProduct.of(product, level);
                        })
                        .toList(),
                pathAndQuery(request), WarehouseProductsResponse.class, WarehouseProductsResponse::products);
        return new WarehouseProductsResponse(merchantId, warehouseId, search,
                products.stream().sorted(Comparator.comparing(WarehouseProduct::productId)).toList());
    }

    private List<ProductInventory> local(String merchantId) {
        return stores.scanLocal(LevelTopology.STORE, merchantId + Keys.SEPARATOR);
    }

    private static String pathAndQuery(HttpServletRequest request) {
        return request.getQueryString() == null ? request.getRequestURI()
                : request.getRequestURI() + "?" + request.getQueryString();
    }
}
