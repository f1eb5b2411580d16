package io.invsync.cartpush.amazon;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How invsync talks to Amazon ({@code invsync.amazon.*}; the defaults are in cart-push-service.yml).
 *
 * @param minimumCallInterval the least time between two SP-API calls for one seller account (5 requests/s, burst 5)
 * @param timeout how long one call may take
 * @param tokenUrl Login with Amazon, where refresh tokens are exchanged ({@code POST {tokenUrl}/auth/o2/token})
 * @param tokenRefreshMargin how long before its expiry an access token is replaced
 * @param feedThreshold a batch with more quantities above 0 than this sends them by listings feed, not one PATCH each
 * @param feedMaxMessages the most messages in one feed (Amazon's listings feed schema allows 10,000)
 * @param feedPollInterval how often a submitted feed's processing status is asked for
 * @param feedTimeout how long a feed may take to be processed before its quantities are reported FAILED
 */
@ConfigurationProperties("invsync.amazon")
record AmazonSettings(Duration minimumCallInterval, Duration timeout, URI tokenUrl, Duration tokenRefreshMargin,
        Integer feedThreshold, Integer feedMaxMessages, Duration feedPollInterval, Duration feedTimeout) {

    /** {@code messages.maxItems} of Amazon's listings-feed-schema-v2.json. */
    static final int MAX_FEED_MESSAGES = 10_000;

    AmazonSettings {
        require(minimumCallInterval != null && !minimumCallInterval.isNegative(), "minimum-call-interval",
                "a duration of 0 or more");
        require(positive(timeout), "timeout", "a positive duration");
        require(tokenUrl != null && tokenUrl.isAbsolute() && tokenUrl.getHost() != null
                && ("https".equals(tokenUrl.getScheme()) || "http".equals(tokenUrl.getScheme())), "token-url",
                "an absolute http(s) URL");
        require(tokenRefreshMargin != null && !tokenRefreshMargin.isNegative(), "token-refresh-margin",
                "a duration of 0 or more");
        require(feedThreshold != null && feedThreshold >= 0, "feed-threshold", "0 or more");
        require(feedMaxMessages != null && feedMaxMessages >= 1 && feedMaxMessages <= MAX_FEED_MESSAGES,
                "feed-max-messages", "1.." + MAX_FEED_MESSAGES);
        require(positive(feedPollInterval), "feed-poll-interval", "a positive duration");
        require(positive(feedTimeout), "feed-timeout", "a positive duration");
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean valid, String field, String what) {
        if (!valid) {
            throw new IllegalArgumentException("invsync.amazon." + field + " must be " + what
                    + " (cart-push-service.yml)");
        }
    }

    /** {@code {tokenUrl}/auth/o2/token}. */
    URI tokenEndpoint() {
        String base = tokenUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/auth/o2/token");
    }
}
