package io.invsync.cartpush.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The one retry policy's pieces: the cart's Retry-After in both of its forms, and the jitter of our own backoff. */
class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        assertThat(CartHttp.retryAfter("2", NOW)).contains(Duration.ofSeconds(2));
        assertThat(CartHttp.retryAfter(" 0.25 ", NOW)).contains(Duration.ofMillis(250));
        assertThat(CartHttp.retryAfter("Wed, 02 Dec 2026 10:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void aDateAlreadyPastMeansAtOnceAndAHugeOrNegativeValueIsBounded() {
        assertThat(CartHttp.retryAfter("Wed, 02 Dec 2026 09:59:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(CartHttp.retryAfter("86400", NOW)).contains(Duration.ofSeconds(300));
        assertThat(CartHttp.retryAfter("Fri, 01 Jan 2100 00:00:00 GMT", NOW)).contains(Duration.ofSeconds(300));
        assertThat(CartHttp.retryAfter("-5", NOW)).contains(Duration.ZERO);
    }

    @Test
    void somethingThatIsNeitherIsNoHint() {
        assertThat(CartHttp.retryAfter("soon", NOW)).isEqualTo(Optional.empty());
        assertThat(CartHttp.retryAfter("NaN", NOW)).isEqualTo(Optional.empty());
        assertThat(CartHttp.retryAfter("", NOW)).isEqualTo(Optional.empty());
    }

    @Test
    void ourBackoffIsJitteredBetweenHalfOfItAndAllOfIt() {
        Duration backoff = Duration.ofMillis(800);

        assertThat(Retrying.jittered(backoff, 0.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(Retrying.jittered(backoff, 0.5)).isEqualTo(Duration.ofMillis(600));
        assertThat(Retrying.jittered(backoff, 0.999_999)).isLessThan(backoff).isGreaterThan(Duration.ofMillis(799));
    }
}
