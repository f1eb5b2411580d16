package io.invsync.ingest.inventory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.invsync.events.Limits;
import io.invsync.events.WarehouseObserved;

/**
 * The warehouses each merchant has, so that a row naming a new warehouse beyond the limit
 * ({@value Limits#MAX_WAREHOUSES}) is refused here rather than growing every product's level past what an event
 * may hold. Rebuilt on every start from the compacted warehouses topic, and written through by the rows this
 * instance accepts. A warehouse id is a short text, and there are at most a thousand per merchant.
 */
@Component
public class MerchantWarehouses {

    private final Map<String, Set<String>> byMerchant = new ConcurrentHashMap<>();

    /** Whether a row may name the warehouse: known already, or new and within the limit (then it is known). */
    boolean admit(String merchantId, String warehouseId) {
        Set<String> warehouses = byMerchant.computeIfAbsent(merchantId, m -> new HashSet<>());
        synchronized (warehouses) {
            if (warehouses.contains(warehouseId)) {
                return true;
            }
            if (warehouses.size() >= Limits.MAX_WAREHOUSES) {
                return false;
            }
            warehouses.add(warehouseId);
            return true;
        }
    }

    public void remember(WarehouseObserved warehouse) {
        Set<String> warehouses = byMerchant.computeIfAbsent(warehouse.merchantId(), m -> new HashSet<>());
        synchronized (warehouses) {
            warehouses.add(warehouse.warehouseId());
        }
    }
}
