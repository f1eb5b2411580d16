package io.invsync.events;

import java.time.Duration;
import java.time.Instant;

/**
 * A merchant's settings, as saved. {@code wms.credentialsRef} names a secret; the secret itself never travels.
 * Merchant keys are events of their own ({@link MerchantKeyIssued}).
 */
public record MerchantSettingsChanged(
        String merchantId,
        String name,
        InventorySync inventorySync,
        Duration pollInterval,
        Wms wms,
        Instant observedAt) {

    public MerchantSettingsChanged {
        Require.present("merchantId", merchantId);
        Require.present("inventorySync", inventorySync);
        Require.present("observedAt", observedAt);
    }

    public record Wms(String type, String url, String credentialsRef) {
    }
}
