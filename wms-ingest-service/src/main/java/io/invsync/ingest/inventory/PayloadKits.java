package io.invsync.ingest.inventory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.invsync.events.InventoryRunRecorded.Rejection;
import io.invsync.events.KitComponent;
import io.invsync.events.Limits;

/**
 * Kits do not nest: a kit's component is never itself a kit. Checked against the rows of one payload (in order:
 * the payload is read as a stream) and against the kits this instance published lately ({@link RecentProducts}).
 * A nesting this cannot see (a kit known only to another instance, or published long ago) is left to
 * inventory-service, which counts a component that is itself a kit as unknown: it allows no kits.
 */
final class PayloadKits {

    private final String merchantId;
    private final RecentProducts recentProducts;
    private final Set<String> kits = new HashSet<>();
    /** component SKU → the first kit of this payload that uses it */
    private final Map<String, String> components = new HashMap<>();

    PayloadKits(String merchantId, RecentProducts recentProducts) {
        this.merchantId = merchantId;
        this.recentProducts = recentProducts;
    }

    /** The rejection of a row that would nest kits, or null when the row may go on (and is then remembered). */
    Rejection check(long rowNumber, InventoryRow row) {
        if (row.kit()) {
            List<KitComponent> parts = row.components();
            for (int i = 0; i < parts.size(); i++) {
                String sku = parts.get(i).sku();
                if (kits.contains(sku) || recentProducts.isKit(merchantId, sku)) {
                    return new Rejection(rowNumber, row.sku(), "components[" + i + "].sku", Limits.quote(sku)
                            + " is itself a kit; kits do not nest");
                }
            }
            String usedBy = components.get(row.sku());
            if (usedBy != null) {
                return new Rejection(rowNumber, row.sku(), "components", Limits.quote(row.sku())
                        + " is a component of kit " + Limits.quote(usedBy)
                        + " earlier in this payload and cannot be a kit itself; kits do not nest");
            }
            kits.add(row.sku());
            parts.forEach(part -> components.putIfAbsent(part.sku(), row.sku()));
        }
        return null;
    }
}
