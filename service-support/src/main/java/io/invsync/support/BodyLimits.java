package io.invsync.support;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How large a request may be ({@code invsync.http.*}, DESIGN §7): every API body has a limit, {@code max-body-bytes}
 * unless a path pattern of {@code body-limits} (first match wins) gives its own; and no JSON string in a body may
 * be longer than {@code max-json-string-chars}.
 *
 * @param maxBodyBytes the limit of every API body without a limit of its own (INVSYNC_MAX_BODY_BYTES, 256 KiB)
 * @param bodyLimits per endpoint: a path pattern ({@code /api/merchants/*}{@code /orders}) and its limit
 * @param maxJsonStringChars the longest JSON string (or field name) a body may hold (INVSYNC_MAX_JSON_STRING_CHARS)
 */
@ConfigurationProperties("invsync.http")
public record BodyLimits(Long maxBodyBytes, List<PathLimit> bodyLimits, Integer maxJsonStringChars) {

    public static final long DEFAULT_MAX_BODY_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_JSON_STRING_CHARS = 64 * 1024;

    public BodyLimits {
        maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
        bodyLimits = bodyLimits == null ? List.of() : List.copyOf(bodyLimits);
        maxJsonStringChars = maxJsonStringChars == null ? DEFAULT_MAX_JSON_STRING_CHARS : maxJsonStringChars;
        if (maxBodyBytes <= 0 || maxJsonStringChars <= 0) {
            throw new IllegalArgumentException("invsync.http.max-body-bytes and max-json-string-chars must be positive");
        }
    }

    public record PathLimit(String path, long maxBytes) {

        public PathLimit {
            if (path == null || path.isBlank() || maxBytes <= 0) {
                throw new IllegalArgumentException("invsync.http.body-limits: each needs a path and a positive max-bytes");
            }
        }
    }
}
