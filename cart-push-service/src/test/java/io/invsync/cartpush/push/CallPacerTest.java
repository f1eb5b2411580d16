package io.invsync.cartpush.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The one rate gate's three strategies, on a virtual clock: each waits exactly as long as its vendor's limit says. */
class CallPacerTest {

    /** Time that passes only when someone waits on it. */
    private static final class VirtualTime implements Ticker {

        final AtomicLong nanos = new AtomicLong();

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public void sleep(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }

        Duration elapsed() {
            return Duration.ofNanos(nanos.get());
        }
    }

    private final VirtualTime time = new VirtualTime();
    private final CallPacer pacer = new CallPacer(time);

    @Test
    void callsToOneKeyAreSpacedByTheIntervalAndOtherKeysDoNotWait() {
        for (int call = 0; call < 5; call++) {
            pacer.awaitTurn("amazon-account", Duration.ofMillis(200)); // 5 requests/s
        }
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(800)); // the first goes at once

        pacer.awaitTurn("another-cart", Duration.ofMillis(200));
        assertThat(time.elapsed()).as("another key has its own slots").isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void aHoldUntilTheVendorsWindowResetsDelaysTheNextCall() {
        pacer.holdFor("bigcommerce-store", Duration.ofSeconds(12));

        pacer.awaitTurn("bigcommerce-store", Duration.ZERO);

        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void aPointBucketWaitsForTheMissingPointsAtTheRestoreRateAndSpendsThem() {
        assertThat(pacer.awaitPoints("shop", 500)).as("nothing known of the bucket yet").isZero();

        pacer.observePoints("shop", 2000, 100, 150); // 2,000 points, 100 a second, 150 left
        assertThat(pacer.awaitPoints("shop", 100)).isZero(); // 50 left
        assertThat(pacer.awaitPoints("shop", 250)).isEqualTo(Duration.ofSeconds(2)); // 200 missing at 100/s
        assertThat(pacer.awaitPoints("shop", 100)).as("the points were spent: the next waits for its own")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(pacer.awaitPoints("shop", 5000)).as("never more than the bucket holds")
                .isEqualTo(Duration.ofSeconds(20));
    }
}
