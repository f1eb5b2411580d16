package io.invsync.diagnostics.model;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.invsync.diagnostics.model.DiscrepancyCounts.Cursor;
import io.invsync.diagnostics.model.DiscrepancyCounts.Sweep;
import io.invsync.diagnostics.model.DiscrepancyCounts.Trigger;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.Keys;
import io.invsync.support.streams.Carts;
import io.invsync.support.streams.MerchantRouting;
import io.invsync.support.streams.OwnerPartitions;

/**
 * The wall-clock punctuation of each task of the read model that keeps its discrepancy counts. Each tick first
 * judges the values records marked since the last ({@link DiscrepancyCounts#recheckDue}, at most
 * {@value #DUE_PER_TICK_FACTOR} × {@link SweepSettings#valuesPerTick}); then, within
 * {@link SweepSettings#valuesPerTick}, so that a tick never holds the stream thread for long, it sweeps what no
 * record of the task says changed:
 * <ul>
 * <li>Settings, which are global tables and pass no processor of the task: a cart whose settings' observedAt
 * changed (or that is new), and every cart of a merchant whose merchant-level checks conclude otherwise than when
 * last swept (merchant settings, the last run), is swept in full, first, at the full rate. A cart that is gone is
 * forgotten.</li>
 * <li>Time: checks depend on the clock (the pending grace, the order hold limit, the staleness limit), so a cursor
 * goes through every value of every cart of the task, one pass every {@code recheck-period} (or back to back when
 * a pass takes longer), with what the settings sweeps leave of each tick.</li>
 * </ul>
 * The positions are changelogged ({@link DiscrepancyCounts#SWEEPS}, {@link DiscrepancyCounts#SWEEP_CURSOR}), so a
 * restarted task goes on where it was rather than sweeping again.
 */
final class DiscrepancySweep {

    private static final Logger log = LoggerFactory.getLogger(DiscrepancySweep.class);

    /**
     * The values records marked that one tick judges, per value the sweep may: records are followed first and
     * faster, and a value marked again while it waits is judged once.
     */
    static final int DUE_PER_TICK_FACTOR = 5;

    /** The values of a cart in the stores' key order (a String's UTF-8 bytes sort as its code points). */
    private static final Comparator<String> KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private final DiscrepancyCounts counts;
    private final ReadModel model;
    private final Verdicts verdicts;
    private final SweepSettings settings;
    private final Clock clock;
    private final int partitions;
    private final int partition;
    private final Carts carts;
    private final KeyValueStore<String, Object> aliases;
    private final KeyValueStore<String, Object> results;
    private final KeyValueStore<String, Object> verdictStore;
    private final KeyValueStore<String, Sweep> sweeps;
    private final KeyValueStore<String, Cursor> cursor;
    private final KeyValueStore<String, String> seen;

    /** How far one cart's sweep got in a tick: the last value judged (null once done) and how many it judged. */
    private record Step(String after, int judged) {

        boolean done() {
            return after == null;
        }
    }

    DiscrepancySweep(ReadModelTopology.TaskStores stores, DiscrepancyCounts.Settings settings, int partitions,
            int partition) {
        this.counts = stores.discrepancies();
        this.model = stores.model();
        this.verdicts = settings.verdicts().get();
        this.settings = settings.sweep();
        this.clock = settings.clock();
        this.partitions = partitions;
        this.partition = partition;
        this.carts = new Carts(stores.store(Carts.STORE));
        this.aliases = stores.store(ReadModelTopology.ALIASES);
        this.results = stores.store(ReadModelTopology.RESULTS);
        this.verdictStore = stores.store(DiscrepancyCounts.VERDICTS);
        this.sweeps = stores.store(DiscrepancyCounts.SWEEPS);
        this.cursor = stores.store(DiscrepancyCounts.SWEEP_CURSOR);
        this.seen = stores.store(DiscrepancyCounts.SETTINGS_SEEN);
    }

    void tick() {
        counts.recheckDue((int) Math.min(Integer.MAX_VALUE, (long) DUE_PER_TICK_FACTOR * settings.valuesPerTick()));
        List<CartSettingsChanged> held = new ArrayList<>();
        for (CartSettingsChanged cart : carts.all()) {
            if (OwnerPartitions.of(cart.merchantId(), partitions) == partition) {
                held.add(cart);
            }
        }
        held.sort(Comparator.comparing(DiscrepancyCounts::cartKey));
        checkSettings(held);
        int budget = sweepRequested(settings.valuesPerTick());
        if (budget > 0) {
            recheck(held, budget);
        }
    }

    /** Asks for a sweep of each cart whose settings, or whose merchant's conclusion, changed since it was swept. */
    private void checkSettings(List<CartSettingsChanged> held) {
        Set<String> current = new HashSet<>();
        Map<String, List<CartSettingsChanged>> byMerchant = new LinkedHashMap<>();
        held.forEach(cart -> byMerchant.computeIfAbsent(cart.merchantId(), m -> new ArrayList<>()).add(cart));
        byMerchant.forEach((merchantId, its) -> {
            current.add(merchantId);
            String conclusion;
            try {
                conclusion = verdicts.merchantConclusion(model, merchantId);
            } catch (RuntimeException e) {
                log.warn("cannot judge merchant {}: {}", merchantId, e.toString());
                return;
            }
            if (!conclusion.equals(seen.get(merchantId))) {
                seen.put(merchantId, conclusion);
                its.forEach(counts::requestSweep);
            }
        });
        for (CartSettingsChanged cart : held) {
            String key = DiscrepancyCounts.cartKey(cart);
            current.add(key);
            String version = cart.observedAt().toString();
            if (!version.equals(seen.get(key))) {
                seen.put(key, version);
                counts.requestSweep(cart);
            }
        }
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = seen.all()) {
            entries.forEachRemaining(entry -> {
                if (!current.contains(entry.key)) {
                    gone.add(entry.key);
                }
            });
        }
        for (String key : gone) {
            seen.delete(key);
            String merchantId = Keys.owner(key);
            if (!merchantId.equals(key)) {
                counts.forget(merchantId, key.substring(merchantId.length() + 1));
            }
        }
    }

    /** The carts asked for, each in full, while the budget lasts; returns what is left of it. */
    private int sweepRequested(int budget) {
        List<KeyValue<String, Sweep>> requested = new ArrayList<>();
        try (KeyValueIterator<String, Sweep> entries = sweeps.all()) {
            entries.forEachRemaining(requested::add);
        }
        for (KeyValue<String, Sweep> entry : requested) {
            if (budget <= 0) {
                return 0;
            }
            String merchantId = Keys.owner(entry.key);
            CartSettingsChanged cart = carts.get(entry.key.substring(merchantId.length() + 1))
                    .filter(c -> c.merchantId().equals(merchantId)).orElse(null);
            if (cart == null) {
                sweeps.delete(entry.key);
                continue;
            }
            Sweep sweep = entry.value;
            Step step = sweepCart(cart, sweep.after(), budget);
            budget -= step.judged();
            long judged = sweep.judged() + step.judged();
            if (!step.done()) {
                sweeps.put(entry.key, new Sweep(step.after(), sweep.again(), judged));
                return 0;
            }
            log.info("swept cart {} of merchant {} in full: {} alias values judged{}", cart.cartId(), merchantId,
                    judged, sweep.again() ? "; sweeping it again for a change that came meanwhile" : "");
            if (sweep.again()) {
                sweeps.put(entry.key, new Sweep(null, false, 0));
            } else {
                sweeps.delete(entry.key);
            }
        }
        return budget;
    }

    /** The recheck of every value: the cursor moves through the carts in key order, one pass per period. */
    private void recheck(List<CartSettingsChanged> held, int budget) {
        if (held.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        KeyValue<String, Cursor> at;
        try (KeyValueIterator<String, Cursor> entries = cursor.all()) {
            at = entries.hasNext() ? entries.next() : null;
        }
        if (at == null) {
            // a task without a cursor is new: each of its carts is swept as new, so the first recheck can wait
            moveCursor(null, DiscrepancyCounts.cartKey(held.get(0)),
                    new Cursor(null, now.plus(settings.recheckPeriod())));
            return;
        }
        Instant due = at.value.due();
        if (now.isBefore(due)) {
            return;
        }
        int index = 0;
        while (index < held.size() && DiscrepancyCounts.cartKey(held.get(index)).compareTo(at.key) < 0) {
            index++;
        }
        // the cart the cursor was in may be gone: then the next one starts at its first value
        String after = index < held.size() && DiscrepancyCounts.cartKey(held.get(index)).equals(at.key)
                ? at.value.after() : null;
        while (index < held.size() && budget > 0) {
            CartSettingsChanged cart = held.get(index);
            Step step = sweepCart(cart, after, budget);
            budget -= step.judged();
            if (!step.done()) {
                moveCursor(at.key, DiscrepancyCounts.cartKey(cart), new Cursor(step.after(), due));
                return;
            }
            index++;
            after = null;
        }
        if (index < held.size()) {
            moveCursor(at.key, DiscrepancyCounts.cartKey(held.get(index)), new Cursor(null, due));
            return;
        }
        Instant next = due.plus(settings.recheckPeriod());
        log.debug("rechecked every value of {} carts (pass due {}); next pass at {}", held.size(), due,
                next.isBefore(now) ? now : next);
        moveCursor(at.key, DiscrepancyCounts.cartKey(held.get(0)), new Cursor(null, next.isBefore(now) ? now : next));
    }

    private void moveCursor(String from, String to, Cursor position) {
        if (from != null && !from.equals(to)) {
            cursor.delete(from);
        }
        cursor.put(to, position);
    }

    /** Judges up to {@code limit} values of the cart after {@code after}; done when fewer were left. */
    private Step sweepCart(CartSettingsChanged cart, String after, int limit) {
        List<String> values = nextValues(cart, after, limit);
        values.forEach(value -> counts.recheck(cart, value, Trigger.SWEEP));
        if (values.size() < limit) {
            counts.tally(cart);
            return new Step(null, values.size());
        }
        return new Step(values.get(values.size() - 1), values.size());
    }

    /**
     * Up to {@code limit} values of the cart after {@code after} (from the first when null), in key order: the
     * values under its push alias in the alias index, those with a result, and those counted (which may no longer be
     * either, and are then dropped from the counts). Read before any is judged, so no iterator is open while the
     * verdicts change.
     */
    private List<String> nextValues(CartSettingsChanged cart, String after, int limit) {
        String aliasPrefix = Keys.merchant(cart.merchantId()) + Keys.SEPARATOR + cart.pushAlias() + Keys.SEPARATOR;
        String cartPrefix = MerchantRouting.cartPrefix(cart.merchantId(), cart.cartId());
        List<String> values = new ArrayList<>();
        try (Values underAlias = new Values(aliases, aliasPrefix, after);
                Values withResult = new Values(results, cartPrefix, after);
                Values counted = new Values(verdictStore, cartPrefix, after)) {
            List<Values> all = List.of(underAlias, withResult, counted);
            while (values.size() < limit) {
                String next = null;
                for (Values source : all) {
                    String head = source.peek();
                    if (head != null && (next == null || KEY_ORDER.compare(head, next) < 0)) {
                        next = head;
                    }
                }
                if (next == null) {
                    break;
                }
                for (Values source : all) {
                    if (next.equals(source.peek())) {
                        source.skip();
                    }
                }
                values.add(next);
            }
        }
        return values;
    }

    /** The values under one prefix of a store, in key order, after a value. */
    private static final class Values implements AutoCloseable {

        private final KeyValueIterator<String, Object> entries;
        private final String prefix;
        private final String after;

        Values(KeyValueStore<String, Object> store, String prefix, String after) {
            this.prefix = prefix;
            this.after = after;
            // every key under the prefix sorts before the prefix with its last character (the separator) raised
            this.entries = after == null ? store.prefixScan(prefix, new StringSerializer())
                    : store.range(prefix + after, prefix.substring(0, prefix.length() - 1)
                            + (char) (prefix.charAt(prefix.length() - 1) + 1));
        }

        String peek() {
            while (entries.hasNext()) {
                String key = entries.peekNextKey();
                if (!key.startsWith(prefix)) {
                    return null;
                }
                String value = key.substring(prefix.length());
                if (!value.equals(after)) {
                    return value;
                }
                entries.next();
            }
            return null;
        }

        void skip() {
            entries.next();
        }

        @Override
        public void close() {
            entries.close();
        }
    }
}
