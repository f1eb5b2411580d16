package io.invsync.inventory.kit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import io.invsync.events.EventJson;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.Kit;
import io.invsync.events.InventoryLevelChanged.Kit.KitWarehouse;
import io.invsync.events.InventoryLevelChanged.Kit.LimitingComponent;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.KitComponent;
import io.invsync.events.Limits;
import io.invsync.inventory.level.ProductInventory;

/**
 * A kit's level (DESIGN §1), a pure function of the kit and its resolved components. In each warehouse:
 * <ul>
 * <li>{@code assembled} = the least over the components of ⌊component available ÷ quantity⌋, never below 0; a
 * component without a level there, or unresolved (unknown SKU, a duplicate SKU, itself a kit), counts as 0;</li>
 * <li>{@code available} = assembled + the kit's own available there (stock of the kit itself the WMS reports);</li>
 * <li>{@code allocated} = the kit's own allocated: the components' allocations are already out of their available;</li>
 * <li>{@code onHand} = assembled + the kit's own on hand, so that available = onHand − allocated holds as for any
 * product;</li>
 * <li>{@code observedAt} = the oldest observation it rests on (the kit's own and its components' levels there): an
 * order held back until a level observed after it (in-flight orders) is released only once every part has seen
 * it; {@code loadedAt} = the latest load among them.</li>
 * </ul>
 * The warehouses are the kit's own and every warehouse where a resolved component has a level.
 */
final class KitLevels {

    /** A warehouse's share of the event, generously: ids escaped, the kit's numbers, the limiting component. */
    private static final int WAREHOUSE_BYTES_BOUND = 1200;

    private KitLevels() {
    }

    /**
     * @param resolve a component's product by SKU, or null when it does not resolve (unknown, duplicate, a kit)
     */
    static InventoryLevelChanged of(ProductInventory kit, Function<String, ProductInventory> resolve) {
        List<Kit.Component> components = new ArrayList<>();
        List<ProductInventory> products = new ArrayList<>();
        var warehouseIds = new TreeSet<>(kit.warehouses().keySet());
        for (KitComponent component : kit.components()) {
            ProductInventory product = resolve.apply(component.sku());
            products.add(product);
            components.add(new Kit.Component(component.sku(), component.quantity(),
                    product == null ? null : product.productId()));
            if (product != null) {
                warehouseIds.addAll(product.warehouses().keySet());
            }
        }
        Map<String, WarehouseLevel> levels = new TreeMap<>();
        Map<String, KitWarehouse> kitWarehouses = new TreeMap<>();
        for (String warehouseId : warehouseIds) {
            LimitingComponent limiting = null;
            Instant observedAt = null;
            Instant loadedAt = null;
            for (int i = 0; i < components.size(); i++) {
                Kit.Component component = components.get(i);
                ProductInventory product = products.get(i);
                WarehouseLevel level = product == null ? null : product.warehouses().get(warehouseId);
                long available = level == null ? 0 : level.available();
                long kits = Math.max(0, Math.floorDiv(available, component.quantity()));
                if (limiting == null || kits < limiting.kits()) {
                    limiting = new LimitingComponent(component.sku(), component.productId(), available,
                            component.quantity(), kits);
                }
                if (level != null) {
                    observedAt = earliest(observedAt, level.observedAt());
                    loadedAt = latest(loadedAt, level.loadedAt());
                }
            }
            long assembled = limiting == null ? 0 : limiting.kits();
            WarehouseLevel own = kit.warehouses().get(warehouseId);
            long onHand = assembled;
            long allocated = 0;
            long available = assembled;
            if (own != null) {
                onHand += own.onHand();
                allocated = own.allocated();
                available += own.available();
                observedAt = earliest(observedAt, own.observedAt());
                loadedAt = latest(loadedAt, own.loadedAt());
            }
            levels.put(warehouseId, new WarehouseLevel(onHand, allocated, available, observedAt, loadedAt));
            kitWarehouses.put(warehouseId, new KitWarehouse(assembled, limiting, own));
        }
        Instant observedAt = kit.productObservedAt();
        for (WarehouseLevel level : levels.values()) {
            observedAt = latest(observedAt, level.observedAt());
        }
        InventoryLevelChanged event = new InventoryLevelChanged(kit.merchantId(), kit.productId(), kit.sku(),
                kit.aliases(), levels, null, observedAt, new Kit(components, kitWarehouses));
        return withinEventSize(event);
    }

    /**
     * No event exceeds {@value Limits#MAX_EVENT_BYTES} bytes. A kit's warehouses are bounded by its merchant's (at
     * most {@value Limits#MAX_WAREHOUSES}), but with the explanation of each one a kit in very many warehouses could
     * pass the limit: its figures are kept and the per-warehouse explanation dropped.
     */
    private static InventoryLevelChanged withinEventSize(InventoryLevelChanged event) {
        long bound = 64L * 1024 + (long) event.warehouses().size() * WAREHOUSE_BYTES_BOUND;
        if (bound <= Limits.MAX_EVENT_BYTES || EventJson.write(event).length <= Limits.MAX_EVENT_BYTES) {
            return event;
        }
        return new InventoryLevelChanged(event.merchantId(), event.productId(), event.sku(), event.aliases(),
                event.warehouses(), event.total(), event.observedAt(), new Kit(event.kit().components(), Map.of()));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }
}
