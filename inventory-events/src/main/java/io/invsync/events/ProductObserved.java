package io.invsync.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A product as the WMS describes it, with every alias it holds; {@code SKU} is always one of them.
 *
 * <p>Aliases merge (DESIGN §1): an alias the push does not mention keeps the value inventory-service knows;
 * {@code removedAliases} names the ones the push removed ({@code "aliases": {"UPC": null}}).
 *
 * @param components     for a kit, what one kit is made of (at most {@value Limits#MAX_COMPONENTS}, never the
 *                       product's own SKU, each SKU once); empty: the product is not a kit; null: the push did not
 *                       say (a CSV without a components column), the components known are kept
 * @param removedAliases alias names the push removed; never {@code SKU}, never one that {@code aliases} sets
 * @param runId          the inventory run that described it (null when not known): a value it brings is pushed only
 *                       once that run is indexed (DESIGN §1, Alias)
 */
public record ProductObserved(
        String merchantId,
        String productId,
        String sku,
        Map<String, String> aliases,
        Instant observedAt,
        List<KitComponent> components,
        Set<String> removedAliases,
        String runId) {

    public static final String SKU_ALIAS = "SKU";

    public ProductObserved {
        Require.present("merchantId", merchantId);
        Require.present("productId", productId);
        Require.present("sku", sku);
        Require.present("observedAt", observedAt);
        var all = new TreeMap<String, String>();
        if (aliases != null) {
            all.putAll(aliases);
        }
        all.put(SKU_ALIAS, sku);
        aliases = Map.copyOf(all);
        if (components != null) {
            components = checkComponents(sku, components);
        }
        removedAliases = removedAliases == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(removedAliases));
        for (String removed : removedAliases) {
            if (removed == null || removed.equals(SKU_ALIAS)) {
                throw new InvalidFieldException("removedAliases", "cannot remove " + Limits.quote(removed)
                        + ": a product always has its SKU");
            }
            if (aliases.containsKey(removed)) {
                throw new InvalidFieldException("removedAliases", Limits.quote(removed)
                        + " is both set in aliases and removed");
            }
        }
    }

    /** A product described outside any known run. */
    public ProductObserved(String merchantId, String productId, String sku, Map<String, String> aliases,
            Instant observedAt, List<KitComponent> components, Set<String> removedAliases) {
        this(merchantId, productId, sku, aliases, observedAt, components, removedAliases, null);
    }

    /** A product as the WMS describes it without saying anything about kits or removed aliases. */
    public ProductObserved(String merchantId, String productId, String sku, Map<String, String> aliases,
            Instant observedAt) {
        this(merchantId, productId, sku, aliases, observedAt, null, Set.of());
    }

    /** Whether the product is a kit: it names at least one component. */
    public boolean kit() {
        return components != null && !components.isEmpty();
    }

    private static List<KitComponent> checkComponents(String sku, List<KitComponent> components) {
        if (components.size() > Limits.MAX_COMPONENTS) {
            throw new InvalidFieldException("components", "has " + components.size() + " components, at most "
                    + Limits.MAX_COMPONENTS + " are allowed");
        }
        Set<String> seen = new HashSet<>();
        List<KitComponent> checked = new ArrayList<>(components.size());
        for (int i = 0; i < components.size(); i++) {
            KitComponent component = components.get(i);
            if (component == null) {
                throw new InvalidFieldException("components[" + i + "]", "is required");
            }
            if (component.sku().equals(sku)) {
                throw new InvalidFieldException("components[" + i + "].sku", "is the kit's own SKU "
                        + Limits.quote(sku) + ": a kit cannot contain itself");
            }
            if (!seen.add(component.sku())) {
                throw new InvalidFieldException("components[" + i + "].sku", Limits.quote(component.sku())
                        + " is listed twice");
            }
            checked.add(component);
        }
        return List.copyOf(checked);
    }
}
