package io.invsync.events;

import java.time.Instant;

/**
 * A merchant key was issued. Only the SHA-256 (hex) of the key travels, never the key: the caller saw it once in
 * the answer that issued it. A tombstone (null value) under {@code keyId} revokes the key.
 */
public record MerchantKeyIssued(
        String keyId,
        String merchantId,
        KeyScope scope,
        String sha256,
        Instant observedAt) {

    public MerchantKeyIssued {
        Require.present("keyId", keyId);
        Require.present("merchantId", merchantId);
        Require.present("scope", scope);
        Require.present("sha256", sha256);
        Require.present("observedAt", observedAt);
    }
}
