package io.invsync.inventory.alias;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.kafka.streams.state.HostInfo;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.Keys;
import io.invsync.support.streams.StateStores;

/**
 * The products holding one alias value: none (the value matches no product), one, or several (a duplicate
 * alias: none of them is pushed under it). Asked of the instance that holds the value's partition.
 */
@RestController
class AliasController {

    /** {@code GET /api/merchants/{m}/aliases/{name}/{value}}. */
    record AliasResponse(String merchantId, String aliasName, String aliasValue, List<String> productIds,
            boolean duplicate) {
    }

    private final StateStores stores;

    AliasController(StateStores stores) {
        this.stores = stores;
    }

    @GetMapping("/api/merchants/{merchantId}/aliases/{aliasName}/{aliasValue}")
    AliasResponse alias(@PathVariable String merchantId, @PathVariable String aliasName,
            @PathVariable String aliasValue,
            @RequestHeader(name = StateStores.LOCAL_ONLY_HEADER, defaultValue = "false") boolean localOnly,
            HttpServletRequest request) {
        String key = Keys.alias(merchantId, aliasName, aliasValue);
        HostInfo owner = localOnly ? null : stores.ownerOf(AliasTopology.STORE, key);
        if (owner != null) {
            return stores.fetch(owner, request.getRequestURI(), AliasResponse.class);
        }
        AliasIndexChanged held = stores.<AliasIndexChanged>local(AliasTopology.STORE).get(key);
        List<String> productIds = held == null ? List.of() : held.productIds();
        return new AliasResponse(merchantId, aliasName, aliasValue, productIds, productIds.size() > 1);
    }
}
