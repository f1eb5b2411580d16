package io.invsync.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 keyed with a secret's UTF-8 bytes: what invsync signs its webhook calls with and checks WMS pushes by. */
public final class Hmac {

    private Hmac() {
    }

    /** A fresh MAC, ready for {@code update}/{@code doFinal} (a Mac is not thread-safe: one per use). */
    public static Mac sha256(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
