package io.invsync.events;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A product as the WMS describes it, with every alias it holds; {@code SKU} is always one of them. */
public record ProductObserved(
        String merchantId,
        String productId,
        String sku,
        Map<String, String> aliases,
        Instant observedAt) {

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
    }
}
