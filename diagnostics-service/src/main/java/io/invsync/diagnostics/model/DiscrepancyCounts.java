package io.invsync.diagnostics.model;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.invsync.events.CartSettingsChanged;
import io.invsync.events.EventSerde;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Keys;
import io.invsync.events.ProductObserved;
import io.invsync.support.streams.MerchantRouting;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The discrepancy counts, kept inside the read model's topology instead of recounted: each alias value a cart is
 * concerned with ({@link ReadModel#concerns}) whose explanation is NOT_SYNCED has the cause it is counted under in
 * {@link #VERDICTS}, and {@link #COUNTS} holds how many per (cart, cause), which is all {@code invsync.discrepancies}
 * reads. Both are changelogged stores of the merchant's task, keyed by merchant like every other store of the read
 * model, so a restarted instance or the merchant's next holder has the counts from the changelog without explaining
 * anything.
 * <p>
 * Each record the read model applies marks the values it can change ({@link #RECHECKS_DUE}), for each cart of its
 * merchant, and the task's next tick judges each marked value once ({@link #recheckDue}): a product whose level,
 * alias entry and result arrive within a tick is explained once, not three times, and applying a record stays a few
 * store writes. What a record marks (the values whose explanation reads it):
 * <ul>
 * <li>a level or a product: every alias value of the product (its SKU among them), before and after the change,
 * and for a level also the product record's;</li>
 * <li>an alias index entry: its value (a value is matched under any alias name);</li>
 * <li>an order line: its SKU, and the values of the products holding that SKU;</li>
 * <li>a cart product or a result: its own (cart, value);</li>
 * <li>a warehouse that appears or goes: every value of the merchant, by a sweep ({@link #requestSweep}) rather than
 * at once on the stream thread.</li>
 * </ul>
 * What no record of the task announces (time passing; the merchant and cart settings, which are global tables) and
 * what a record changes for every value of its merchant (the last run, through the merchant-level checks) is left to
 * {@link DiscrepancySweep}.
 */
final class DiscrepancyCounts {

    /** merchantId/cartId/aliasValue → "": values a record may have changed, judged at the task's next tick. */
    static final String RECHECKS_DUE = "diag-rechecks-due";
    /** merchantId/cartId/aliasValue → the cause a NOT_SYNCED value is counted under; no entry: not counted. */
    static final String VERDICTS = "diag-verdicts";
    /** merchantId/cartId/cause → how many values are counted under it; it stays, at 0, once it has cleared. */
    static final String COUNTS = "diag-discrepancy-counts";
    /** merchantId/cartId → a cart to sweep in full (its settings or its merchant's changed), and how far it got. */
    static final String SWEEPS = "diag-sweeps";
    /** merchantId/cartId → where the recheck of every value is: one entry per task, under the cart it is in. */
    static final String SWEEP_CURSOR = "diag-sweep-cursor";
    /**
     * merchantId → its merchant-level checks' conclusion, merchantId/cartId → the cart settings' observedAt, as they
     * were when last swept for.
     */
    static final String SETTINGS_SEEN = "diag-settings-seen";

    static final String[] STORES = { RECHECKS_DUE, VERDICTS, COUNTS, SWEEPS, SWEEP_CURSOR, SETTINGS_SEEN };

    private static final Logger log = LoggerFactory.getLogger(DiscrepancyCounts.class);

    /** What asked for a value to be judged again, as counted in {@code invsync.discrepancies.rechecks}. */
    enum Trigger { RECORD, SWEEP }

    /**
     * @param verdicts the explanation's function, looked up when a task starts (the topology is built before it)
     */
    record Settings(Supplier<Verdicts> verdicts, SweepSettings sweep, Clock clock, MeterRegistry meters) {
    }

    /**
     * A cart to sweep in full: the last value judged (null: from the first), whether to start over once done (a
     * change arrived while it ran), and how many values it judged so far.
     */
    record Sweep(String after, boolean again, long judged) {
    }

    /** Where the recheck of every value is in its cart (null: at the first value), and when the pass started. */
    record Cursor(String after, Instant due) {
    }

    static void addStores(StreamsBuilder builder) {
        // with the record cache: a value marked and judged within a commit interval, a value whose records arrive
        // together passing through several causes, every change of a cart's count writing the same few keys: the
        // changelog gets the last of each per commit
        builder.addStateStore(store(RECHECKS_DUE, Serdes.String()).withCachingEnabled());
        builder.addStateStore(store(VERDICTS, Serdes.String()).withCachingEnabled());
        builder.addStateStore(store(COUNTS, Serdes.Long()).withCachingEnabled());
        builder.addStateStore(store(SWEEPS, EventSerde.stored(Sweep.class)));
        builder.addStateStore(store(SWEEP_CURSOR, EventSerde.stored(Cursor.class)));
        builder.addStateStore(store(SETTINGS_SEEN, Serdes.String()));
    }

    private static <V> org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<String, V>> store(String name,
            Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    private final ReadModel model;
    private final Verdicts verdicts;
    private final KeyValueStore<String, String> due;
    private final KeyValueStore<String, String> verdictStore;
    private final KeyValueStore<String, Long> counts;
    private final KeyValueStore<String, Sweep> sweeps;
    private final Timer byRecord;
    private final Timer bySweep;

    DiscrepancyCounts(ReadModelTopology.TaskStores stores, Settings settings) {
        this.model = stores.model();
        this.verdicts = settings.verdicts().get();
        this.due = stores.store(RECHECKS_DUE);
        this.verdictStore = stores.store(VERDICTS);
        this.counts = stores.store(COUNTS);
        this.sweeps = stores.store(SWEEPS);
        this.byRecord = rechecks(settings.meters(), "record");
        this.bySweep = rechecks(settings.meters(), "sweep");
    }

    /** How many values were explained again, and the time it took: what keeping the counts costs. */
    private static Timer rechecks(MeterRegistry meters, String trigger) {
        return Timer.builder("invsync.discrepancies.rechecks")
                .description("Alias values explained again to keep invsync.discrepancies, by what asked for it")
                .tag("trigger", trigger).register(meters);
    }

    /** The cart's key in {@link #SWEEPS}, {@link #SWEEP_CURSOR} and {@link #SETTINGS_SEEN}. */
    static String cartKey(String merchantId, String cartId) {
        return Keys.merchant(merchantId) + Keys.SEPARATOR + Keys.cart(cartId);
    }

    static String cartKey(CartSettingsChanged cart) {
        return cartKey(cart.merchantId(), cart.cartId());
    }

    // --- what a record touches ---------------------------------------------------------------------------------

    /** A level of merchantId/productId was applied ({@code old}: the one it replaced). */
    void levelChanged(String key, InventoryLevelChanged old, InventoryLevelChanged level) {
        String merchantId = Keys.owner(key);
        Set<String> values = new LinkedHashSet<>();
        addValues(values, old == null ? null : old.aliases(), old == null ? null : old.sku());
        addValues(values, level == null ? null : level.aliases(), level == null ? null : level.sku());
        // without aliases of its own the level's product is named by the product record
        model.product(merchantId, key.substring(merchantId.length() + 1))
                .ifPresent(product -> addValues(values, product.aliases(), product.sku()));
        values(merchantId, values);
    }

    /** A product record of merchantId/productId was applied. */
    void productChanged(String key, ProductObserved old, ProductObserved product) {
        Set<String> values = new LinkedHashSet<>();
        addValues(values, old == null ? null : old.aliases(), old == null ? null : old.sku());
        addValues(values, product == null ? null : product.aliases(), product == null ? null : product.sku());
        values(Keys.owner(key), values);
    }

    /** An alias index entry merchantId/aliasName/aliasValue was applied. */
    void aliasChanged(String key) {
        String merchantId = Keys.owner(key);
        String nameAndValue = key.substring(merchantId.length() + 1);
        values(merchantId, List.of(nameAndValue.substring(nameAndValue.indexOf(Keys.SEPARATOR) + 1)));
    }

    /** The order lines of merchantId/sku changed: they hold back the stock of the SKU's products. */
    void ordersChanged(String key) {
        String merchantId = Keys.owner(key);
        String sku = key.substring(merchantId.length() + 1);
        Set<String> values = new LinkedHashSet<>();
        values.add(sku);
        for (String productId : model.productsWithAlias(merchantId, ProductObserved.SKU_ALIAS, sku)) {
            InventoryLevelChanged level = model.level(merchantId, productId).orElse(null);
            if (level != null && !level.aliases().isEmpty()) {
                addValues(values, level.aliases(), level.sku());
            } else {
                model.product(merchantId, productId).ifPresent(p -> addValues(values, p.aliases(), p.sku()));
            }
        }
        values(merchantId, values);
    }

    /** What the cart said of a value, or its last outcome, merchantId/cartId/aliasValue, changed. */
    /** The key of one value (of all the cart's locations: the verdict is the value's) or one cause of a cart. */
    private static String valueKey(CartSettingsChanged cart, String value) {
        return MerchantRouting.cartValueKey(cart.merchantId(), cart.cartId(), value);
    }

    /** A cart product or result (keyed merchantId/cartId/location/aliasValue) was applied. */
    void cartValueChanged(String key) {
        String merchantId = Keys.owner(key);
        String cartAndValue = key.substring(merchantId.length() + 1);
        String cartId = Keys.owner(cartAndValue);
        String locationAndValue = cartAndValue.substring(cartId.length() + 1);
        // the location part is escaped (no separator in it): the value is what follows it
        String aliasValue = locationAndValue.substring(Keys.owner(locationAndValue).length() + 1);
        model.cart(cartId).filter(cart -> cart.merchantId().equals(merchantId))
                .ifPresent(cart -> markDue(cart, aliasValue));
    }

    /** A warehouse record was applied: a warehouse that appears or goes changes CART_SYNC_WAREHOUSE of every value. */
    void warehouseChanged(String key, Object old, Object warehouse) {
        if ((old == null) != (warehouse == null)) {
            model.cartsOf(Keys.owner(key)).forEach(this::requestSweep);
        }
    }

    private static void addValues(Set<String> values, Map<String, String> aliases, String sku) {
        if (aliases != null) {
            values.addAll(aliases.values());
        }
        if (sku != null) {
            values.add(sku);
        }
    }

    /** Marks the values for each cart of the merchant. */
    private void values(String merchantId, Collection<String> values) {
        if (values.isEmpty()) {
            return;
        }
        for (CartSettingsChanged cart : model.cartsOf(merchantId)) {
            for (String value : values) {
                markDue(cart, value);
            }
        }
    }

    private void markDue(CartSettingsChanged cart, String aliasValue) {
        String key;
        try {
            key = valueKey(cart, aliasValue);
        } catch (RuntimeException e) {
            log.warn("cannot judge '{}' of cart {}: {}", aliasValue, cart.cartId(), e.toString());
            return;
        }
        due.put(key, "");
    }

    /**
     * Judges up to {@code limit} of the values records marked, each once however many records marked it; those left
     * wait for the next tick.
     *
     * @return how many were judged
     */
    int recheckDue(int limit) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = due.all()) {
            while (entries.hasNext() && keys.size() < limit) {
                keys.add(entries.next().key);
            }
        }
        for (String key : keys) {
            due.delete(key);
            String merchantId = Keys.owner(key);
            String cartAndValue = key.substring(merchantId.length() + 1);
            String cartId = Keys.owner(cartAndValue);
            model.cart(cartId).filter(cart -> cart.merchantId().equals(merchantId)).ifPresent(
                    cart -> recheck(cart, cartAndValue.substring(cartId.length() + 1), Trigger.RECORD));
        }
        return keys.size();
    }

    // --- the counts ----------------------------------------------------------------------------------------------

    /**
     * Judges one value of a cart with the explanation's function and moves it between the counts: a value the
     * cart is not concerned with, or that is not NOT_SYNCED, is not counted.
     */
    void recheck(CartSettingsChanged cart, String aliasValue, Trigger trigger) {
        String key;
        String cause = null;
        try {
            key = valueKey(cart, aliasValue);
            if (model.concerns(cart, aliasValue)) {
                long started = System.nanoTime();
                cause = verdicts.causeIfNotSynced(model, cart, aliasValue);
                (trigger == Trigger.RECORD ? byRecord : bySweep).record(System.nanoTime() - started,
                        java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        } catch (RuntimeException e) {
            // one value's odd data must not stop the read model; it keeps the count it had
            log.warn("cannot judge '{}' of cart {}: {}", aliasValue, cart.cartId(), e.toString());
            return;
        }
        String held = verdictStore.get(key);
        if (Objects.equals(held, cause)) {
            return;
        }
        if (held != null) {
            add(cart, held, -1);
        }
        if (cause == null) {
            verdictStore.delete(key);
        } else {
            add(cart, cause, 1);
            verdictStore.put(key, cause);
        }
    }

    private void add(CartSettingsChanged cart, String cause, long delta) {
        String key = valueKey(cart, cause);
        Long held = counts.get(key);
        counts.put(key, Math.max(0, (held == null ? 0 : held) + delta));
    }

    /**
     * Sets the cart's counts to what its verdicts say. Run at the end of each full sweep of the cart: with
     * at-least-once a crash can leave a verdict and its count apart, and this brings them together again.
     */
    void tally(CartSettingsChanged cart) {
        String prefix = MerchantRouting.cartPrefix(cart.merchantId(), cart.cartId());
        Map<String, Long> found = new HashMap<>();
        try (KeyValueIterator<String, String> entries = verdictStore.prefixScan(prefix, new StringSerializer())) {
            entries.forEachRemaining(entry -> found.merge(entry.value, 1L, Long::sum));
        }
        Map<String, Long> held = new HashMap<>();
        try (KeyValueIterator<String, Long> entries = counts.prefixScan(prefix, new StringSerializer())) {
            entries.forEachRemaining(entry -> held.put(entry.key.substring(prefix.length()), entry.value));
        }
        held.forEach((cause, count) -> {
            if (count != 0 && !found.containsKey(cause)) {
                log.info("cart {}: {} counted {} but none is; set to 0", cart.cartId(), cause, count);
                counts.put(prefix + cause, 0L);
            }
        });
        found.forEach((cause, count) -> {
            if (!count.equals(held.get(cause))) {
                if (held.containsKey(cause)) {
                    log.info("cart {}: {} counted {} but {} are; set to {}", cart.cartId(), cause, held.get(cause),
                            count, count);
                }
                counts.put(prefix + cause, count);
            }
        });
    }

    /** Asks for a sweep of the cart in full; one running already starts over once it is done. */
    void requestSweep(CartSettingsChanged cart) {
        String key = cartKey(cart);
        Sweep held = sweeps.get(key);
        if (held == null) {
            sweeps.put(key, new Sweep(null, false, 0));
        } else if (held.after() != null && !held.again()) {
            sweeps.put(key, new Sweep(held.after(), true, held.judged()));
        }
    }

    /** A cart that is gone (or moved to another merchant) is not counted here any more. */
    void forget(String merchantId, String cartId) {
        String prefix = MerchantRouting.cartPrefix(merchantId, cartId);
        for (KeyValueStore<String, ?> store : List.<KeyValueStore<String, ?>>of(verdictStore, counts)) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, ?> entries = store.prefixScan(prefix, new StringSerializer())) {
                entries.forEachRemaining(entry -> keys.add(entry.key));
            }
            keys.forEach(store::delete);
        }
        sweeps.delete(cartKey(merchantId, cartId));
        log.info("cart {} of merchant {} is gone: its discrepancies are no longer counted", cartId, merchantId);
    }
}
