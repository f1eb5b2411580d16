package io.invsync.ingest.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.crypto.Mac;

/**
 * The body of a signed push, spooled to a temporary file while its HMAC is computed, so that nothing of it is
 * handled unless the signature holds and a large file is never held in memory. The body limit is the body
 * filter's (it counts the stream read here), so nothing past it is read before the signature verifies.
 */
final class SignedBody implements AutoCloseable {

    private final Path file;
    private final long length;

    private SignedBody(Path file, long length) {
        this.file = file;
        this.length = length;
    }

    /**
     * Copies the body into a temporary file and into {@code mac}; keeps nothing when reading fails (a body past
     * its limit fails with {@link io.invsync.support.BodyTooLargeException}).
     */
    static SignedBody spool(InputStream body, Mac mac) throws IOException {
        Path file = Files.createTempFile("invsync-signed-", ".body");
        long length = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                length += n;
                mac.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new SignedBody(file, length);
    }

    InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    long length() {
        return length;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
