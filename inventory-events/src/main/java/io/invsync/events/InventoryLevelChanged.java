package io.invsync.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A product's level in every warehouse that reported it, and the total over all of them.
 *
 * <p>For a kit, {@code warehouses} and {@code total} already hold the kit's computed level (DESIGN §1: in each
 * warehouse the kits its components allow plus the kit's own stock), so a consumer that knows nothing of kits
 * pushes the right quantity; {@code kit} says how each figure came about.
 *
 * @param kit null for a product that is not a kit
 * @param runId the inventory run whose record caused this level (null when not known, or not a run's): a value that
 *        first appears in a run is pushed only once that run is indexed ({@link InventoryRunIndexed})
 */
public record InventoryLevelChanged(
        String merchantId,
        String productId,
        String sku,
        Map<String, String> aliases,
        Map<String, WarehouseLevel> warehouses,
        Total total,
        Instant observedAt,
        Kit kit,
        String runId) {

    public InventoryLevelChanged {
        Require.present("merchantId", merchantId);
        Require.present("productId", productId);
        aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
        warehouses = warehouses == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(warehouses));
        if (total == null) {
            total = Total.of(warehouses);
        }
    }

    /** A level caused outside any known run. */
    public InventoryLevelChanged(String merchantId, String productId, String sku, Map<String, String> aliases,
            Map<String, WarehouseLevel> warehouses, Total total, Instant observedAt, Kit kit) {
        this(merchantId, productId, sku, aliases, warehouses, total, observedAt, kit, null);
    }

    /** The same level, caused by a record of that run. */
    public InventoryLevelChanged inRun(String id) {
        return new InventoryLevelChanged(merchantId, productId, sku, aliases, warehouses, total, observedAt, kit, id);
    }

    /** The level of a product that is not a kit. */
    public InventoryLevelChanged(String merchantId, String productId, String sku, Map<String, String> aliases,
            Map<String, WarehouseLevel> warehouses, Total total, Instant observedAt) {
        this(merchantId, productId, sku, aliases, warehouses, total, observedAt, null);
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

    /**
     * How a kit's level came about.
     *
     * @param components what one kit is made of, each resolved to its product
     * @param warehouses per warehouse of the kit's level: the kits the components allow and the kit's own stock
     */
    public record Kit(List<Component> components, Map<String, KitWarehouse> warehouses) {

        public Kit {
            components = components == null ? List.of() : List.copyOf(components);
            warehouses = warehouses == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(warehouses));
        }

        /**
         * @param productId the product holding the SKU within the merchant; null when none does (unknown), when
         *                  several do (a duplicate SKU alias) or when that product is itself a kit (kits do not
         *                  nest): such a component allows no kits
         */
        public record Component(String sku, long quantity, String productId) {
        }

        /**
         * @param assembled the kits the components allow here: the least over the components of
         *                  ⌊available ÷ quantity⌋, never below 0 (a component without a level here counts as 0)
         * @param limiting  the component that allows the fewest kits here (the first listed on a tie)
         * @param own       the kit's own stock here as the WMS reported it; null when it reported none
         */
        public record KitWarehouse(long assembled, LimitingComponent limiting, WarehouseLevel own) {
        }

        /**
         * @param available the component's available in this warehouse (0 without a level, or unknown)
         * @param quantity  how many of it go into one kit
         * @param kits      the kits it allows: ⌊available ÷ quantity⌋, never below 0
         */
        public record LimitingComponent(String sku, String productId, long available, long quantity, long kits) {
        }
    }
}
