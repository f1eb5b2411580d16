package io.invsync.ingest.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.crypto.Mac;

/**
 * The body of a signed push, spooled to a temporary file while its HMAC is computed, so that nothing of it is
 * handled unless the signature holds, a large file is never held in memory, and nothing past the body limit is
 * read before it verifies.
 */
final class SignedBody implements AutoCloseable {

    private final Path file;
    private final long length;

    private SignedBody(Path file, long length) {
        this.file = file;
        this.length = length;
    }

    /**
     * Copies the body into a temporary file and into {@code mac}; throws {@link TooLarge} (and keeps nothing) as
     * soon as it passes {@code limit} bytes.
     */
    static SignedBody spool(InputStream body, Mac mac, long limit) throws IOException {
        Path file = Files.createTempFile("invsync-signed-", ".body");
        long length = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                length += n;
                if (length > limit) {
                    throw new TooLarge(limit);
                }
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

    /** The body passed the limit before it was verified. */
    static final class TooLarge extends RuntimeException {

        final long limit;

        TooLarge(long limit) {
            super("the body is larger than the limit of " + limit + " bytes");
            this.limit = limit;
        }
    }
}
