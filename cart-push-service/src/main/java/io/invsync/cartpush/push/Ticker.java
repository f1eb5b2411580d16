package io.invsync.cartpush.push;

import java.time.Duration;

/** The time the call pacing reads and waits on: the system's, or a virtual one so tests can run hours of pacing in ms. */
public interface Ticker {

    long nanoTime();

    void sleep(Duration duration);

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) {
            Retrying.sleep(duration);
        }
    };
}
