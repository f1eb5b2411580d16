package io.invsync.events;

import java.time.Duration;
import java.time.Instant;

/**
 * A merchant's settings, as saved. {@code wms.credentialsRef} names a secret; the secret itself never travels.
 * {@code pushKeySha256} is the SHA-256 (hex) of the merchant's push key, never the key: it lets the WMS push
 * inventory and orders without the admin key.
 */
public record MerchantSettingsChanged(
        String merchantId,
        String name,
        InventorySync inventorySync,
        Duration pollInterval,
        Wms wms,
        String pushKeySha256,
        Instant observedAt) {

    public MerchantSettingsChanged {
        Require.present("merchantId", merchantId);
        Require.present("inventorySync", inventorySync);
        Require.present("observedAt", observedAt);
    }

    public record Wms(String type, String url, String credentialsRef) {
    }
}
