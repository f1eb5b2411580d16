package io.invsync.ingest.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import io.invsync.ingest.merchant.MerchantDirectory;
import io.invsync.support.WriteAuthorizer;

/**
 * A merchant's own inventory and order pushes may carry the merchant's push key instead of the admin key (only
 * its SHA-256 is kept), or an HMAC-SHA256 signature of the body, which the push endpoints verify themselves
 * once they have the body.
 */
@Component
public class PushAuthorizer implements WriteAuthorizer {

    public static final String SIGNATURE_HEADER = "X-Invsync-Signature";
    private static final Pattern PUSH_PATH = Pattern.compile("/api/merchants/([^/]+)/(inventory|orders)");

    private final MerchantDirectory merchants;

    PushAuthorizer(MerchantDirectory merchants) {
        this.merchants = merchants;
    }

    @Override
    public boolean authorizes(HttpServletRequest request, String key) {
        Matcher push = PUSH_PATH.matcher(request.getRequestURI());
        if (!push.matches() || !"POST".equals(request.getMethod())) {
            return false;
        }
        if (key == null) {
            return request.getHeader(SIGNATURE_HEADER) != null;
        }
        return merchants.find(push.group(1))
                .map(m -> m.pushKeySha256() != null && MessageDigest.isEqual(
                        m.pushKeySha256().getBytes(StandardCharsets.US_ASCII),
                        sha256(key).getBytes(StandardCharsets.US_ASCII)))
                .orElse(false);
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
