package io.invsync.ingest.security;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Signatures already used within the tolerance window, so that a captured signed push cannot be sent again.
 * Entries expire with the window (a signature older than the window is refused as stale anyway); the map is
 * bounded: when full of unexpired entries, new signed pushes are refused until some expire.
 *
 * <p>Held per instance: with several wms-ingest instances behind a balancer, a replay sent to another instance
 * within the window is not caught here (the window and the idempotence of an absolute level bound the harm).
 */
final class SeenSignatures {

    static final int MAX_ENTRIES = 1_000_000;

    private final ConcurrentMap<String, Instant> seen = new ConcurrentHashMap<>();

    /** Records the signature until {@code expiresAt}; false when it was already used (a replay) or the map is full. */
    boolean firstUse(String signature, Instant now, Instant expiresAt) {
        if (seen.size() >= MAX_ENTRIES / 2) {
            seen.values().removeIf(expiry -> expiry.isBefore(now));
        }
        if (seen.size() >= MAX_ENTRIES) {
            return false;
        }
        Instant previous = seen.putIfAbsent(signature, expiresAt);
        if (previous == null) {
            return true;
        }
        if (previous.isBefore(now) && seen.replace(signature, previous, expiresAt)) {
            return true;
        }
        return false;
    }
}
