package io.invsync.ingest.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A signed push ({@code X-Invsync-Signature: sha256=<hex HMAC-SHA256 of the body>}): the body is spooled to a
 * temporary file while its HMAC is computed, so that nothing of it is published unless the signature holds, and
 * a large file is never held in memory.
 */
public final class SignedBody implements AutoCloseable {

    private final Path file;

    private SignedBody(Path file) {
        this.file = file;
    }

    /** Reads the body; throws {@link BadSignatureException} when the signature does not match. */
    public static SignedBody verify(InputStream body, String signatureHeader, String secret) throws IOException {
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        Path file = Files.createTempFile("invsync-signed-", ".body");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                mac.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal());
        if (signatureHeader == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signatureHeader.strip().toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            Files.deleteIfExists(file);
            throw new BadSignatureException();
        }
        return new SignedBody(file);
    }

    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The signature is missing, malformed, or not the HMAC of the body with the merchant's secret. */
    public static class BadSignatureException extends RuntimeException {

        public BadSignatureException() {
            super("X-Invsync-Signature does not match the body signed with the merchant's WMS secret");
        }
    }
}
