package io.invsync.support.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;


import io.invsync.events.CartSettingsChanged;
import io.invsync.events.Topics;

/**
 * The carts, as the global table every instance and every task holds whole (carts are few: DESIGN §2 lets
 * small tables be global), in memory. Read inside a topology through the processor's store, and over
 * interactive queries by the services' APIs.
 */
public final class Carts {

    /** The global store of {@code invsync.carts.v1}, in memory: cartId → settings. */
    public static final String STORE = "carts";

    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<CartSettingsChanged>> store;

    /** Adds the global table of {@code invsync.carts.v1} to a topology, as the store {@link #STORE}. */
    public static void addGlobalTable(StreamsBuilder builder) {
        GlobalTables.add(builder, Topics.CARTS, STORE, CartSettingsChanged.class);
    }

    public Carts(ReadOnlyKeyValueStore<String, ValueAndTimestamp<CartSettingsChanged>> store) {
        this.store = store;
    }

    public Optional<CartSettingsChanged> get(String cartId) {
        ValueAndTimestamp<CartSettingsChanged> held = store.get(cartId);
        return held == null ? Optional.empty() : Optional.ofNullable(held.value());
    }

    public List<CartSettingsChanged> all() {
        List<CartSettingsChanged> carts = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<CartSettingsChanged>> entries = store.all()) {
            entries.forEachRemaining(entry -> {
                if (entry.value != null && entry.value.value() != null) {
                    carts.add(entry.value.value());
                }
            });
        }
        return carts;
    }

    public List<CartSettingsChanged> ofMerchant(String merchantId) {
        return all().stream().filter(cart -> cart.merchantId().equals(merchantId)).toList();
    }
}
