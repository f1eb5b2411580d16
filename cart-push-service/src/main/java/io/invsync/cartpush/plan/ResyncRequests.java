package io.invsync.cartpush.plan;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Carts whose every product was asked to be planned again (POST resync), on the instance that plans the cart's
 * merchant: the planning stage's task takes them at its next cart check. Held in memory only: a resync asked just
 * before the instance dies is lost and must be asked again (the answer is 202, not a promise).
 */
@Component
public class ResyncRequests {

    private final Set<String> carts = ConcurrentHashMap.newKeySet();

    public void request(String cartId) {
        carts.add(cartId);
    }

    /** Whether a resync of the cart was asked for since the last call; the request is taken. */
    boolean take(String cartId) {
        return carts.remove(cartId);
    }
}
