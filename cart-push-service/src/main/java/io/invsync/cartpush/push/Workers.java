package io.invsync.cartpush.push;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The worker threads that make the calls to the carts, off the stream threads: daemons, named by what they do. */
public final class Workers {

    private Workers() {
    }

    /** A pool that grows with the carts calling at once (each cart has at most one call of a kind out). */
    public static ExecutorService named(String prefix) {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, prefix + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
