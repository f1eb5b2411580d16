package io.invsync.cartpush.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.invsync.cartpush.streams.CartViews;
import io.invsync.support.streams.StoreUnavailableException;

/**
 * The reconciliations as the API sees them, on the instance that makes the cart's calls (the API passes requests
 * to it): the last run from the pushing stage's store, and a new run asked for and answered once the task has
 * started it (within its tick), so that the answer is the run itself, durable from then on.
 */
@Component
public class Reconciliations {

    private static final Duration START_PATIENCE = Duration.ofSeconds(10);

    private final CartViews views;
    private final ReconcileRequests requests;
    private final Clock clock;

    Reconciliations(CartViews views, ReconcileRequests requests, Clock clock) {
        this.views = views;
        this.requests = requests;
        this.clock = clock;
    }

    public Optional<Reconciliation> last(String cartId) {
        return Optional.ofNullable(views.stores().<Reconciliation>local(Reconciler.RUNS).get(cartId));
    }

    /** Starts a reconciliation of the cart unless one is running; either way, answers the running one. */
    public Reconciliation start(String cartId, String trigger) {
        Instant asked = clock.instant();
        requests.request(cartId, trigger);
        return CartViews.awaitHere(() -> last(cartId).filter(held -> held.running()
                        || !held.startedAt().isBefore(asked)), START_PATIENCE)
                .orElseThrow(() -> new StoreUnavailableException("the reconciliation of cart " + cartId
                        + " was asked for but has not started within " + START_PATIENCE.toSeconds() + " s: ask again"));
    }
}
