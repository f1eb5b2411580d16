package io.invsync.events;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A product's level in every warehouse that reported it, and the total over all of them. */
public record InventoryLevelChanged(
        String merchantId,
        String productId,
        String sku,
        Map<String, String> aliases,
        Map<String, WarehouseLevel> warehouses,
        Total total,
        Instant observedAt) {

    public InventoryLevelChanged {
        Require.present("merchantId", merchantId);
        Require.present("productId", productId);
        aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
        warehouses = warehouses == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(warehouses));
        if (total == null) {
            total = Total.of(warehouses);
        }
    }

    /** One warehouse: the WMS's figures, when the WMS observed them and when invsync loaded them. */
    public record WarehouseLevel(long onHand, long allocated, long available, Instant observedAt, Instant loadedAt) {
    }

    public record Total(long onHand, long allocated, long available) {

        public static Total of(Map<String, WarehouseLevel> warehouses) {
            long onHand = 0;
            long allocated = 0;
            long available = 0;
            for (WarehouseLevel level : warehouses.values()) {
                onHand += level.onHand();
                allocated += level.allocated();
                available += level.available();
            }
            return new Total(onHand, allocated, available);
        }
    }
}
