package io.invsync.cartpush.reconcile;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Reconciliations asked for (POST reconcile or catalog-refresh), on the instance that makes the cart's calls: the
 * pushing stage's task takes them at its next tick (a second) and starts the run in its store, from where it is
 * durable. The request itself is held in memory only until then; the API answers once the run shows in the store.
 */
@Component
public class ReconcileRequests {

    private final Map<String, String> triggers = new ConcurrentHashMap<>();

    public void request(String cartId, String trigger) {
        triggers.putIfAbsent(cartId, trigger);
    }

    /** The trigger of a reconciliation asked for since the last call, null if none; the request is taken. */
    String take(String cartId) {
        return triggers.remove(cartId);
    }
}
