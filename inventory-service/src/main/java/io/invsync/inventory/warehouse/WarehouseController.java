package io.invsync.inventory.warehouse;

import java.util.Comparator;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.Keys;
import io.invsync.support.streams.StateStores;

/** The merchant's warehouses, each with the last time a level in it was loaded (null: never). */
@RestController
class WarehouseController {

    /** {@code GET /api/merchants/{m}/warehouses}. */
    record WarehousesResponse(String merchantId, List<WarehouseState> warehouses) {
    }

    private final StateStores stores;

    WarehouseController(StateStores stores) {
        this.stores = stores;
    }

    @GetMapping("/api/merchants/{merchantId}/warehouses")
    WarehousesResponse warehouses(@PathVariable String merchantId,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly,
            HttpServletRequest request) {
        Keys.requireId("merchantId", merchantId);
        List<WarehouseState> warehouses = stores.everywhere(WarehouseTopology.STORE, localOnly,
                () -> stores.<WarehouseState>scanLocal(WarehouseTopology.STORE, merchantId + Keys.SEPARATOR),
                request.getRequestURI(), WarehousesResponse.class, WarehousesResponse::warehouses);
        return new WarehousesResponse(merchantId,
                warehouses.stream().sorted(Comparator.comparing(WarehouseState::warehouseId)).toList());
    }
}
