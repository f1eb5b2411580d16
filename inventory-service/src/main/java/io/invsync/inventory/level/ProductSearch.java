package io.invsync.inventory.level;

import java.util.Locale;

/** {@code search=}: a case-insensitive substring of the productId, the SKU or any alias value. Blank matches all. */
final class ProductSearch {

    private ProductSearch() {
    }

    static boolean matches(ProductInventory product, String search) {
        if (search == null || search.isBlank()) {
            return true;
        }
        String needle = search.strip().toLowerCase(Locale.ROOT);
        return contains(product.productId(), needle) || contains(product.sku(), needle)
                || product.aliases().values().stream().anyMatch(value -> contains(value, needle));
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
    }
}
