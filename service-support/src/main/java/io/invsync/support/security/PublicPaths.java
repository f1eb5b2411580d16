package io.invsync.support.security;

import java.util.List;

/**
 * GET paths a service serves without a key: nothing under {@code /api}, only pages and files that hold no data
 * (the diagnostics web page asks for a key before it reads anything).
 */
public record PublicPaths(List<String> patterns) {

    public PublicPaths {
        patterns = List.copyOf(patterns);
        if (patterns.stream().anyMatch(p -> p.startsWith("/api"))) {
            throw new IllegalArgumentException("nothing under /api is public: " + patterns);
        }
    }
}
