package io.invsync.support.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.invsync.events.CartSettingsChanged;
import io.invsync.events.EventFormatException;
import io.invsync.events.EventSerde;
import io.invsync.events.Topics;

/**
 * The carts, as the global table every instance and every task holds whole (carts are few: DESIGN §2 lets
 * small tables be global), in memory. Read inside a topology through the processor's store, and over
 * interactive queries by the services' APIs.
 */
public final class Carts {

    /** The global store of {@code invsync.carts.v1}, in memory: cartId → settings. */
    public static final String STORE = "carts";

    private static final Logger log = LoggerFactory.getLogger(Carts.class);

    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<CartSettingsChanged>> store;

    /**
     * The settings' serde for the global table: a record no instance can read is logged and held as no cart,
     * rather than stopping the table (a global table has no .dlq of its own; the settings are written only by
     * this service's validated PUT, and diagnostics dead-letters what it cannot read of the same topic).
     */
    public static Serde<CartSettingsChanged> serde() {
        Serde<CartSettingsChanged> strict = EventSerde.of(CartSettingsChanged.class);
        return Serdes.serdeFrom(strict.serializer(), (topic, bytes) -> {
            try {
                return strict.deserializer().deserialize(topic, bytes);
            } catch (EventFormatException e) {
                log.warn("a cart settings record of {} cannot be read and is ignored: {}", topic, e.getMessage());
                return null;
            }
        });
    }

    /** Adds the global table of {@code invsync.carts.v1} to a topology, as the store {@link #STORE}. */
    public static void addGlobalTable(StreamsBuilder builder) {
        builder.globalTable(Topics.CARTS, Consumed.with(Serdes.String(), serde()).withName("read-carts"),
                Materialized.<String, CartSettingsChanged>as(Stores.inMemoryKeyValueStore(STORE))
                        .withKeySerde(Serdes.String()).withValueSerde(serde()));
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
