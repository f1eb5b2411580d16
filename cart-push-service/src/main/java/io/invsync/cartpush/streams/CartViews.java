package io.invsync.cartpush.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.stereotype.Component;

import io.invsync.cartpush.plan.PlanStage;
import io.invsync.cartpush.push.PushStage;
import io.invsync.events.CartSettingsChanged;
import io.invsync.support.streams.Carts;
import io.invsync.support.streams.StateStores;
import io.invsync.support.streams.StoreUnavailableException;

/**
 * The service's state as its REST API and scheduled work read it: the carts (global: any instance), and which
 * instance owns a cart's work — its merchant's planning partition (product sync, resync) or its own pushing
 * partition (calls to the cart, catalog reads).
 */
@Component
public class CartViews {

    private static final Duration VISIBLE_PATIENCE = Duration.ofSeconds(10);

    private final StateStores stores;

    CartViews(StateStores stores) {
        this.stores = stores;
    }

    public StateStores stores() {
        return stores;
    }

    public Optional<CartSettingsChanged> cart(String cartId) {
        return Optional.ofNullable(this.<CartSettingsChanged>cartStore().get(cartId));
    }

    public List<CartSettingsChanged> carts() {
        List<CartSettingsChanged> all = new java.util.ArrayList<>();
        try (KeyValueIterator<String, CartSettingsChanged> entries = this.<CartSettingsChanged>cartStore().all()) {
            entries.forEachRemaining(entry -> all.add(entry.value));
        }
        return all;
    }

    /** Waits (briefly) until this instance's copy of the carts holds the settings just published. */
    public void awaitVisible(CartSettingsChanged cart) {
        awaitHere(() -> visible(cart) ? Optional.of(cart) : Optional.empty(), VISIBLE_PATIENCE)
                .orElseThrow(() -> new StoreUnavailableException("cart " + cart.cartId()
                        + " was saved but is not readable here yet"));
    }

    /**
     * Waits up to {@code patience} for what this instance's state shows ({@code shown}: empty while it does not
     * yet, as after a write the stream thread has not applied); empty if it never did.
     */
    public static <T> Optional<T> awaitHere(java.util.function.Supplier<Optional<T>> shown, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            Optional<T> value = shown.get();
            if (value.isPresent() || Instant.now().isAfter(deadline)) {
                return value;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting for this instance's state", e);
            }
        }
    }

    private boolean visible(CartSettingsChanged cart) {
        try {
            return cart(cart.cartId()).filter(held -> !held.observedAt().isBefore(cart.observedAt())).isPresent();
        } catch (StoreUnavailableException e) {
            return false; // starting or rebalancing: the table is read again shortly
        }
    }

    /** The instance that plans the cart's merchant (holds its levels, results and cart products), null if this one. */
    public HostInfo planner(CartSettingsChanged cart) {
        return stores.ownerOfOwner(PlanStage.LEVELS, cart.merchantId());
    }

    /** The instance that makes the cart's calls, null if this one. */
    public HostInfo pusher(String cartId) {
        return stores.ownerOfOwner(PushStage.PENDING, cartId);
    }

    /** Whether this instance makes the cart's calls now. */
    public boolean pushesFor(String cartId) {
        return stores.ownsOwner(PushStage.PENDING, cartId);
    }

    private <V> ReadOnlyKeyValueStore<String, V> cartStore() {
        return stores.local(Carts.STORE);
    }
}
