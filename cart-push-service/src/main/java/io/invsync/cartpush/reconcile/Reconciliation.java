package io.invsync.cartpush.reconcile;

import java.time.Instant;

/**
 * One reconciliation of a cart: its live quantities read back through its connector, a page of values at a time,
 * and every difference from the expected quantity pushed through the normal plan. Kept in the pushing stage's
 * store (changelogged), so a run whose instance dies goes on from {@code after} on the next holder of the cart.
 *
 * @param trigger what started it: {@code request}, {@code catalog-refresh} or {@code schedule}
 * @param status {@code RUNNING}, {@code SUCCEEDED} (every value read) or {@code FAILED} ({@code error} says why)
 * @param after the planner's position after the last page read (null before the first and after the last)
 * @param values the values listed so far (those the cart is pushed under)
 * @param read the values the cart answered for
 * @param drifted values whose cart quantity differed from the expected one (a push was planned to heal it)
 * @param pushed drifted values whose push the cart accepted
 * @param failed values that could not be read, and drifted values whose push the cart refused or failed
 */
public record Reconciliation(String cartId, String trigger, String status, Instant startedAt, Instant finishedAt,
        String after, long values, long read, long drifted, long pushed, long failed, String error) {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";

    static Reconciliation start(String cartId, String trigger, Instant at) {
        return new Reconciliation(cartId, trigger, RUNNING, at, null, null, 0, 0, 0, 0, 0, null);
    }

    public boolean running() {
        return RUNNING.equals(status);
    }

    /** A page read: {@code next} is where the following page starts, null when this was the last. */
    Reconciliation paged(String next, int listed, int answered, int unread, Instant at) {
        Reconciliation paged = new Reconciliation(cartId, trigger, status, startedAt, null, next, values + listed,
                read + answered, drifted, pushed, failed + unread, null);
        return next == null ? paged.finished(SUCCEEDED, null, at) : paged;
    }

    Reconciliation failedWith(String reason, Instant at) {
        return finished(FAILED, reason, at);
    }

    Reconciliation drift() {
        return new Reconciliation(cartId, trigger, status, startedAt, finishedAt, after, values, read, drifted + 1,
                pushed, failed, error);
    }

    /** A drift push landed: accepted by the cart, or not. */
    Reconciliation healed(boolean accepted) {
        return new Reconciliation(cartId, trigger, status, startedAt, finishedAt, after, values, read, drifted,
                pushed + (accepted ? 1 : 0), failed + (accepted ? 0 : 1), error);
    }

    private Reconciliation finished(String outcome, String reason, Instant at) {
        return new Reconciliation(cartId, trigger, outcome, startedAt, at, after, values, read, drifted, pushed,
                failed, reason);
    }
}
