package io.invsync.ingest.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.KitComponent;
import io.invsync.events.ProductObserved;

/**
 * One accepted row of an inventory payload, with the available quantity and its observedAt settled.
 *
 * @param components     the kit's components; empty: not a kit; null: the row did not say (the known ones stay)
 * @param removedAliases alias names the row removed ({@code "aliases": {"UPC": null}})
 */
record InventoryRow(String warehouseId, String productId, String sku, Map<String, String> aliases,
        long onHand, long allocated, long available, Instant observedAt, List<KitComponent> components,
        Set<String> removedAliases) {

    InventoryRow {
        removedAliases = removedAliases == null ? Set.of() : Set.copyOf(removedAliases);
        components = components == null ? null : List.copyOf(components);
    }

    boolean kit() {
        return components != null && !components.isEmpty();
    }

    AvailableQuantityObserved observation(String merchantId, String runId) {
        return new AvailableQuantityObserved(merchantId, warehouseId, productId, sku, onHand, allocated, available,
                observedAt, runId);
    }

    ProductObserved product(String merchantId, String runId) {
        return new ProductObserved(merchantId, productId, sku, aliases, observedAt, components, removedAliases, runId);
    }
}
