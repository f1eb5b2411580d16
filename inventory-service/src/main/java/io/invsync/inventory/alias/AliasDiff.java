package io.invsync.inventory.alias;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.invsync.inventory.level.LevelChange;
import io.invsync.inventory.level.ProductInventory;

/**
 * The alias values a product gave up and took on in one change. The product's previous aliases come from its
 * state before the change, so the index shrinks when an alias changes or disappears.
 */
final class AliasDiff {

    private AliasDiff() {
    }

    static List<AliasChange> of(LevelChange change) {
        Map<String, String> before = aliases(change.before());
        Map<String, String> after = aliases(change.after());
        if (before.equals(after)) {
            return List.of();
        }
        ProductInventory product = change.current();
        Instant observedAt = change.after() != null ? change.after().observedAt() : change.before().observedAt();
        List<AliasChange> changes = new ArrayList<>();
        // retractions first, so that a value moving between names of one product is never counted twice
        before.forEach((name, value) -> {
            if (!Objects.equals(after.get(name), value)) {
                changes.add(new AliasChange(product.merchantId(), name, value, product.productId(), false, observedAt));
            }
        });
        after.forEach((name, value) -> {
            if (!Objects.equals(before.get(name), value)) {
                changes.add(new AliasChange(product.merchantId(), name, value, product.productId(), true, observedAt));
            }
        });
        return changes;
    }

    private static Map<String, String> aliases(ProductInventory state) {
        return state == null ? Map.of() : new TreeMap<>(state.aliases());
    }
}
