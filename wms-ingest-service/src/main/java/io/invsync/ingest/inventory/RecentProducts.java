package io.invsync.ingest.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.invsync.events.Keys;

/**
 * The products this instance published lately, so that a snapshot that names a product once per warehouse
 * publishes its description once, not five times. A product is published again when its SKU or aliases change,
 * or when its last publication is older than {@code invsync.ingest.product-republish-after} (so that another
 * instance's different description of it never stays on the compacted topic for long). It also remembers which
 * SKUs were lately accepted as kits, so that a kit naming one of them as a component is refused ({@link PayloadKits}).
 */
@Component
class RecentProducts {

    private final Clock clock;
    private final Duration republishAfter;
    private final Map<String, Seen> seen;
    /** {@code merchantId/sku} → whether the latest row of that SKU that named components made it a kit */
    private final Map<String, Boolean> kits;

    private record Seen(int description, Instant at) {
    }

    RecentProducts(Clock clock, @Value("${invsync.ingest.product-republish-after:PT10M}") Duration republishAfter,
            @Value("${invsync.ingest.recent-products:500000}") int capacity) {
        this.clock = clock;
        this.republishAfter = republishAfter;
        this.seen = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > capacity;
            }
        };
        this.kits = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether the product's description must be published; remembers it when so. */
    synchronized boolean isNew(String productKey, InventoryRow row) {
        int description = Objects.hash(row.sku(), row.aliases(), row.components(), row.removedAliases());
        Instant now = Instant.now(clock);
        Seen last = seen.get(productKey);
        if (last != null && last.description() == description && last.at().plus(republishAfter).isAfter(now)) {
            return false;
        }
        seen.put(productKey, new Seen(description, now));
        return true;
    }

    /** Remembers whether an accepted row made its SKU a kit (a row that names no components says nothing). */
    synchronized void remember(String merchantId, InventoryRow row) {
        if (row.components() != null) {
            kits.put(Keys.sku(merchantId, row.sku()), row.kit());
        }
    }

    /** Whether this instance lately accepted the SKU as a kit. */
    synchronized boolean isKit(String merchantId, String sku) {
        return Boolean.TRUE.equals(kits.get(Keys.sku(merchantId, sku)));
    }
}
