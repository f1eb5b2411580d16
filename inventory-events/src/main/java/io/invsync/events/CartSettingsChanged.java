package io.invsync.events;

import java.time.Instant;

/** A cart's settings, as saved. {@code credentialsRef} names a secret only cart-push-service resolves. */
public record CartSettingsChanged(
        String cartId,
        String merchantId,
        CartType type,
        String baseUrl,
        String location,
        String credentialsRef,
        boolean inventoryUploadEnabled,
        String syncWarehouse,
        String pushAlias,
        long minimumInventoryLevel,
        Instant observedAt) {

    /** {@code syncWarehouse} value meaning the sum over every warehouse. */
    public static final String ALL_WAREHOUSES = "ALL";

    public CartSettingsChanged {
        Require.present("cartId", cartId);
        Require.present("merchantId", merchantId);
        Require.present("type", type);
        Require.present("observedAt", observedAt);
        syncWarehouse = syncWarehouse == null || syncWarehouse.isBlank() ? ALL_WAREHOUSES : syncWarehouse;
        pushAlias = pushAlias == null || pushAlias.isBlank() ? ProductObserved.SKU_ALIAS : pushAlias;
    }
}
