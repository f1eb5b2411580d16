package io.invsync.cartpush.push;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether a cart's next batch goes at the coming hand-off or waits to be fuller. While the cart's pushes arrive fast
 * enough to fill at least half a batch within the linger, or half a batch waits (the cart is busy), a batch waits
 * until it is full or its oldest push has waited the linger; slower than that, what waits goes at the next hand-off
 * (so a pause in a busy stream does not send its half-full batch early). So a lone change or a trickle is not held
 * back, and a snapshot's stream of changes leaves in full batches (each at least half full) — fewer calls against
 * the cart's rate limit, which counts a call of 10 quantities as one of 250 — each push delayed by the linger at
 * most.
 *
 * <p>The arrival rate is a moving average per cart (time constant {@link #RATE_TIME_CONSTANT_MS}), long enough to
 * span the bursts in which pushes arrive (each commit of the planning stage's transaction, every 100 ms, makes a
 * burst visible) and short enough that the first burst of a snapshot (half a batch) makes an idle cart busy.
 * The count waiting is counted from arrivals, not read from the store at every hand-off; a push that replaces one
 * already waiting counts twice, which can only make a batch go early. Held in memory by the task: after a move or
 * a restart a cart knows nothing and its first batch goes at once. Used on the task's stream thread only.
 */
final class BatchFill {

    static final double RATE_TIME_CONSTANT_MS = 200;

    private final long lingerMillis;
    private final Map<String, Cart> carts = new HashMap<>();

    /** @param linger how long a push waits at most for its batch to fill; zero sends every batch at once */
    BatchFill(Duration linger) {
        this.lingerMillis = linger.toMillis();
    }

    private static final class Cart {
        /** pushes counted as waiting; at least the true count, but for the ones a restart forgot */
        private int waiting;
        /** when the oldest push waiting arrived, or -1 when none is counted */
        private long since = -1;
        private double perMilli;
        private long ratedAt;
        private int unrated;

        Cart(long now) {
            this.ratedAt = now;
        }

        void rate(long now) {
            long elapsed = now - ratedAt;
            if (elapsed <= 0) {
                return;
            }
            double weight = 1 - Math.exp(-elapsed / RATE_TIME_CONSTANT_MS);
            perMilli += weight * ((double) unrated / elapsed - perMilli);
            unrated = 0;
            ratedAt = now;
        }
    }

    /** A push for the cart arrived (a new value to push, or a newer quantity for one waiting). */
    void arrived(String cartId, long now) {
        Cart cart = carts.computeIfAbsent(cartId, id -> new Cart(now));
        cart.rate(now); // a quiet spell before this arrival counts as quiet, not as a slow stream
        cart.waiting++;
        cart.unrated++;
        if (cart.since < 0) {
            cart.since = now;
        }
    }

    /** Whether the cart's next batch (at most {@code limit} pushes) goes now rather than at a later hand-off. */
    boolean goesNow(String cartId, int limit, long now) {
        Cart cart = carts.get(cartId);
        if (cart == null || cart.since < 0 || cart.waiting >= limit) {
            return true; // nothing counted (what a restart restored), or a full batch
        }
        cart.rate(now);
        boolean busy = cart.perMilli * lingerMillis >= limit / 2.0 || cart.waiting >= limit / 2;
        return !busy || now - cart.since >= lingerMillis;
    }

    /**
     * A batch left: {@code batch} pushes of the {@code taken} read from the store (the batch holds one location's).
     * Fewer taken than the limit means the store held no more; pushes left behind count as waiting from now.
     */
    void left(String cartId, int taken, int batch, int limit, long now) {
        Cart cart = carts.computeIfAbsent(cartId, id -> new Cart(now));
        int behind = taken - batch;
        cart.waiting = taken < limit ? behind : Math.max(cart.waiting - batch, behind);
        cart.since = cart.waiting > 0 ? now : -1;
    }
}
