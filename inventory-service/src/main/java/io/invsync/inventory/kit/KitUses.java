package io.invsync.inventory.kit;

import java.util.List;

/**
 * The kits that name one component SKU, the value of the {@code kit-uses} store ({@code merchantId/sku}). Keyed by
 * SKU rather than by the component's productId, because kits name components by SKU: the same entry serves a
 * component not known yet (no product holds the SKU) and one known, and a product taking or giving up the SKU
 * finds the kits to recompute under it.
 */
record KitUses(List<String> kitProductIds) {

    KitUses {
        kitProductIds = kitProductIds == null ? List.of() : kitProductIds.stream().sorted().distinct().toList();
    }
}
