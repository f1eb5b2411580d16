package io.invsync.inventory.alias;

import java.time.Instant;

/** One product starts or stops holding one alias value. Keyed {@code merchantId/aliasName/aliasValue}. */
record AliasChange(String merchantId, String aliasName, String aliasValue, String productId, boolean holds,
        Instant observedAt) {
}
