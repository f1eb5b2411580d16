package io.invsync.cartpush.webhook;

import java.util.HexFormat;

import io.invsync.support.Hmac;

/** {@code X-Invsync-Signature: sha256=<hex HMAC-SHA256 of the body, keyed with the cart's secret>}. */
public final class WebhookSignature {

    public static final String HEADER = "X-Invsync-Signature";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(Hmac.sha256(secret).doFinal(body));
    }
}
