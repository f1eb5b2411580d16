package io.invsync.cartpush.shopify;

import java.time.Duration;

/** The time the cost budget reads and waits on: the system's, or a virtual one so tests can run hours of pacing in ms. */
interface Ticker {

    long nanoTime();

    void sleep(Duration duration);

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) {
            try {
                Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Shopify's cost budget", e);
            }
        }
    };
}
