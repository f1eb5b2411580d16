package io.invsync.diagnostics.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

import io.invsync.events.CartLocation;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.EventSerde;
import io.invsync.events.FastInstants;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Keys;
import io.invsync.events.PushOutcome;
import io.invsync.rules.QuantityRules;
import io.invsync.support.streams.MerchantRouting;

/**
 * What happened to each (cart, alias value), newest first: the levels received for its products, the quantities
 * planned and the pushes with their outcomes, the cart's own reads — kept in the read model's partitioned stores
 * (the merchant's task), at most {@link #KEEP} events per value (and per product for levels) and none older than
 * {@link #KEEP_FOR} in an answer. A level is kept once per product (every cart of the merchant shares it) and
 * merged into a value's history at read time. Keys sort newest first (the time inverted), and end in a digest of
 * the event, so a record applied twice is kept once.
 */
public final class SyncHistory {

    /** merchantId/cartId/aliasValue/inverted time/digest → a plan, push or cart read of the value. */
    static final String VALUE_EVENTS = "diag-history";
    /** merchantId/productId/inverted time/digest → a level received for the product. */
    static final String LEVEL_EVENTS = "diag-history-levels";
    /** The prefix of one value's or product's events → how many are kept. */
    static final String COUNTS = "diag-history-counts";
    static final String[] STORES = { VALUE_EVENTS, LEVEL_EVENTS, COUNTS };

    public static final int KEEP = 100;
    public static final Duration KEEP_FOR = Duration.ofDays(30);
    /** Trimmed back to {@link #KEEP} once a prefix holds this many: the cost of trimming spread over appends. */
    private static final int TRIM_AT = KEEP + KEEP / 5;

    /**
     * One event of a value's history.
     *
     * @param kind {@code LEVEL} (a level received for the product), {@code PLANNED} (an outcome needing no call),
     *        {@code PUSH} (a call to the cart and its outcome) or {@code CART_READ} (what the cart said)
     * @param details the event's numbers: per kind, see the README's history section
     */
    public record Event(Instant at, String kind, String productId, Long quantity, String outcome, String reason,
            Map<String, Object> details) {
    }

    /** A page of events, newest first; {@code before} asks for the page after it (null after the last). */
    public record Page(List<Event> items, Instant before) {
    }

    private SyncHistory() {
    }

    static void addStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VALUE_EVENTS),
                Serdes.String(), EventSerde.stored(Event.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LEVEL_EVENTS),
                Serdes.String(), EventSerde.stored(Event.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTS),
                Serdes.String(), Serdes.Long()));
    }

    /** A level received for a product: each warehouse's figures and the total. */
    static void levelReceived(ReadModelTopology.TaskStores stores, InventoryLevelChanged level) {
        Map<String, Object> warehouses = new LinkedHashMap<>();
        Instant loaded = level.observedAt();
        for (var entry : level.warehouses().entrySet()) {
            var w = entry.getValue();
            warehouses.put(entry.getKey(), Map.of("onHand", w.onHand(), "allocated", w.allocated(),
                    "available", w.available(), "observedAt", FastInstants.format(w.observedAt())));
            if (w.loadedAt() != null && w.loadedAt().isAfter(loaded)) {
                loaded = w.loadedAt();
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("warehouses", warehouses);
        details.put("observedAt", FastInstants.format(level.observedAt()));
        Long total = level.total() == null ? null : level.total().available();
        append(stores, LEVEL_EVENTS, Keys.product(level.merchantId(), level.productId()),
                new Event(loaded, "LEVEL", level.productId(), total, null, null, details));
    }

    /**
     * An outcome recorded for a value: a push (a call was made) or a plan that needed none, with the available
     * quantity and the floor the rules started from when the level held now is the one it was planned from.
     */
    static void resultRecorded(ReadModelTopology.TaskStores stores, CartPushRecorded result) {
        boolean call = switch (result.outcome()) {
            case PUSHED, REJECTED, FAILED -> true;
            default -> false;
        };
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attemptedAt", FastInstants.format(result.attemptedAt()));
        if (result.syncedAt() != null) {
            details.put("syncedAt", FastInstants.format(result.syncedAt()));
        }
        ReadModel model = stores.model();
        model.cart(result.cartId()).ifPresent(cart -> {
            details.put("minimumInventoryLevel", cart.minimumInventoryLevel());
            if (result.productId() != null) {
                model.level(result.merchantId(), result.productId())
                        .map(level -> QuantityRules.compute(cart,
                                cart.location(result.location()).orElse(cart.locations().get(0)), level, level.sku(),
                                result.aliasValue(), List.of(), result.attemptedAt(), Duration.ZERO).available())
                        .ifPresent(available -> details.put("available", available));
            }
        });
        details.put("location", result.location());
        append(stores, VALUE_EVENTS,
                MerchantRouting.cartValueKey(result.merchantId(), result.cartId(), result.aliasValue()),
                new Event(result.attemptedAt(), call ? "PUSH" : "PLANNED", result.productId(), result.quantity(),
                        result.outcome().name(), result.reason(), details));
    }

    /** What the cart said of a value (against what invsync last confirmed there: see {@link #read}). */
    static void cartRead(ReadModelTopology.TaskStores stores, CartProductObserved read) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("exists", read.exists());
        details.put("inventoryTracked", read.inventoryTracked());
        details.put("location", read.location());
        append(stores, VALUE_EVENTS, MerchantRouting.cartValueKey(read.merchantId(), read.cartId(),
                read.aliasValue()),
                new Event(read.observedAt(), "CART_READ", null, read.cartQuantity(), null, null, details));
    }

    /**
     * The value's events (and its products' levels), newest first, older than {@code before} when given: of each
     * value and product only the newest {@link #KEEP}, none older than {@link #KEEP_FOR} before {@code now}. A cart
     * read says what invsync had last confirmed there before it ({@code lastConfirmed}) and whether the cart held
     * another quantity ({@code drift}), judged here, on the events in time order, whatever order the topics were
     * read in.
     */
    public static Page read(ReadModel.Source source, String merchantId, String cartId, String aliasValue,
            List<String> productIds, Instant before, Instant now, int limit) {
        Instant oldest = now.minus(KEEP_FOR);
        List<Event> events = new ArrayList<>();
        collect(source.store(VALUE_EVENTS), MerchantRouting.cartValueKey(merchantId, cartId, aliasValue), oldest, events);
        for (String productId : productIds) {
            collect(source.store(LEVEL_EVENTS), Keys.product(merchantId, productId), oldest, events);
        }
        events.sort(Comparator.comparing(Event::at));
        List<Event> judged = withDrift(events);
        List<Event> newestFirst = new ArrayList<>();
        for (int i = judged.size() - 1; i >= 0; i--) {
            if (before == null || judged.get(i).at().isBefore(before)) {
                newestFirst.add(judged.get(i));
            }
        }
        List<Event> page = newestFirst.size() > limit ? List.copyOf(newestFirst.subList(0, limit))
                : List.copyOf(newestFirst);
        return new Page(page, newestFirst.size() > limit ? page.get(page.size() - 1).at() : null);
    }

    /**
     * The events (in time order) with each cart read judged against the last push confirmed before it at the same
     * location.
     */
    private static List<Event> withDrift(List<Event> inTimeOrder) {
        List<Event> judged = new ArrayList<>(inTimeOrder.size());
        Map<Object, Long> confirmedAt = new java.util.HashMap<>();
        for (Event event : inTimeOrder) {
            Object location = event.details() == null ? CartLocation.DEFAULT_LOCATION
                    : event.details().getOrDefault("location", CartLocation.DEFAULT_LOCATION);
            if (event.outcome() != null && event.quantity() != null
                    && PushOutcome.valueOf(event.outcome()).cartHasQuantity()) {
                confirmedAt.put(location, event.quantity());
            }
            Long confirmed = confirmedAt.get(location);
            if ("CART_READ".equals(event.kind()) && confirmed != null) {
                Map<String, Object> details = new LinkedHashMap<>(event.details());
                details.put("lastConfirmed", confirmed);
                details.put("drift", event.quantity() != null && !event.quantity().equals(confirmed));
                event = new Event(event.at(), event.kind(), event.productId(), event.quantity(), event.outcome(),
                        event.reason(), details);
            }
            judged.add(event);
        }
        return judged;
    }

    /** The owner's newest {@link #KEEP} events, none older than {@code oldest}. */
    private static void collect(ReadOnlyKeyValueStore<String, Event> store, String owner, Instant oldest,
            List<Event> into) {
        int taken = 0;
        try (KeyValueIterator<String, Event> entries = store.prefixScan(owner + Keys.SEPARATOR,
                new StringSerializer())) {
            while (entries.hasNext() && taken < KEEP) {
                Event event = entries.next().value;
                if (event.at().isBefore(oldest)) {
                    break; // newest first: the rest are older still
                }
                into.add(event);
                taken++;
            }
        }
    }

    private static void append(ReadModelTopology.TaskStores stores, String storeName, String owner, Event event) {
        KeyValueStore<String, Event> events = stores.store(storeName);
        String digest = Integer.toHexString(event.hashCode()); // of its fields: the same on every instance
        String key = owner + Keys.SEPARATOR + inverted(event.at()) + Keys.SEPARATOR + digest;
        if (events.get(key) != null) {
            return; // the same event again
        }
        events.put(key, event);
        KeyValueStore<String, Long> counts = stores.store(COUNTS);
        String countKey = storeName + Keys.SEPARATOR + owner;
        Long held = counts.get(countKey);
        long count = (held == null ? 0 : held) + 1;
        if (count >= TRIM_AT) {
            count = trim(events, owner, event.at().minus(KEEP_FOR));
        }
        counts.put(countKey, count);
    }

    /** Keeps the newest {@link #KEEP} events of the owner, none older than {@code oldest}; @return how many are kept. */
    private static long trim(KeyValueStore<String, Event> events, String owner, Instant oldest) {
        List<String> drop = new ArrayList<>();
        long kept = 0;
        try (KeyValueIterator<String, Event> entries = events.prefixScan(owner + Keys.SEPARATOR, new StringSerializer())) {
            while (entries.hasNext()) {
                KeyValue<String, Event> entry = entries.next();
                if (kept < KEEP && !entry.value.at().isBefore(oldest)) {
                    kept++;
                } else {
                    drop.add(entry.key);
                }
            }
        }
        drop.forEach(events::delete);
        return kept;
    }

    /** The time as a key part that sorts newest first. */
    static String inverted(Instant at) {
        return String.format("%019d", Long.MAX_VALUE - at.toEpochMilli());
    }
}
