package io.invsync.cartpush.reconcile;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.invsync.cartpush.plan.PendingPush;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.Keys;
import io.invsync.events.PushOutcome;
import io.invsync.support.streams.Carts;
import io.invsync.support.streams.OwnerPartitions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The reconciliations of the carts of one pushing task (its partition's carts), run from the task's punctuation.
 * A run starts when asked for ({@link ReconcileRequests}) or when it is due: once per {@code interval}, each cart at
 * its own offset within the interval (from a hash of its id), so carts do not all start at once (looked at each
 * {@code tick}). A running reconciliation reads one page of values at a time ({@link CartReads}, off the stream
 * thread), the next as soon as one has landed (the pushing stage's hand-off); each page that lands is published as cart products and the run's progress saved, in the task's transaction — so a run whose
 * instance dies goes on from its last page on the next holder. The planning stage plans what is published: a value
 * whose cart quantity differs from the expected one comes back as a push marked as healing drift, which is
 * counted here, and so is its outcome.
 */
public final class Reconciler {

    /** cartId → the cart's last (or running) reconciliation. */
    public static final String RUNS = "reconcile-runs";

    /** @param interval how often each cart is reconciled; {@code tick} how often the task looks at its runs */
    public record Settings(Duration interval, Duration tick) {

        public Settings {
            if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("the reconcile interval must be at least PT1M, not " + interval);
            }
        }
    }

    /** Where the task's records go: a cart product read, keyed cartId/location/aliasValue. */
    public interface Output {
        void cartProduct(String key, CartProductObserved observed, Instant at);
    }

    private final Settings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final KeyValueStore<String, Reconciliation> runs;
    private final Carts carts;
    private final CartReads reads;
    private final ReconcileRequests requests;
    private final int partition;
    private final int partitions;
    private final Output output;
    /** Carts with a page out. */
    private final Set<String> reading = new HashSet<>();
    /** Carts of this task whose run is RUNNING (as the store says; rebuilt from it when the task starts here). */
    private final Set<String> running = new HashSet<>();
    /** Carts whose last page could not be read yet (the planner's state not ready): asked again at the next tick. */
    private final Set<String> waiting = new HashSet<>();
    private final Queue<CartReads.Page> landed = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    public Reconciler(Settings settings, Clock clock, MeterRegistry meters, KeyValueStore<String, Reconciliation> runs,
            Carts carts, CartReads reads, ReconcileRequests requests, int partition, int partitions, Output output) {
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.runs = runs;
        this.carts = carts;
        this.reads = reads;
        this.requests = requests;
        this.partition = partition;
        this.partitions = partitions;
        this.output = output;
        try (KeyValueIterator<String, Reconciliation> entries = runs.all()) {
            entries.forEachRemaining(entry -> {
                if (entry.value.running()) {
                    running.add(entry.key); // a run a crash or a move left part way: it goes on from its page
                }
            });
        }
    }

    /** A page that lands after this is dropped: the next holder of the partition reads it again. */
    public void close() {
        closed = true;
    }

    /** Starts the runs asked for or due (each tick). */
    public void tick() {
        Instant now = clock.instant();
        for (CartSettingsChanged cart : carts.all()) {
            if (OwnerPartitions.of(cart.cartId(), partitions) != partition) {
                continue;
            }
            Reconciliation run = runs.get(cart.cartId());
            String trigger = requests.take(cart.cartId());
            if ((run == null || !run.running())
                    && (trigger != null || cart.inventoryUploadEnabled() && due(cart, run, now, settings.interval()))) {
                runs.put(cart.cartId(), Reconciliation.start(cart.cartId(), trigger == null ? "schedule" : trigger, now));
                running.add(cart.cartId());
            }
        }
        failRunsOfDeletedCarts(now);
        waiting.clear();
        handOff();
    }

    /**
     * Records the pages that landed and hands out each running reconciliation's next page (at every hand-off of
     * the pushing stage: a run reads page after page without waiting for a tick).
     */
    public void handOff() {
        CartReads.Page page;
        while ((page = landed.poll()) != null) {
            record(page);
        }
        for (String cartId : List.copyOf(running)) {
            if (reading.contains(cartId) || waiting.contains(cartId)) {
                continue;
            }
            Reconciliation run = runs.get(cartId);
            CartSettingsChanged cart = carts.get(cartId).orElse(null);
            if (run == null || !run.running() || cart == null) {
                running.remove(cartId);
                continue;
            }
            reading.add(cartId);
            reads.submit(cart, run.after(), read -> {
                if (!closed) {
                    landed.add(read);
                }
            });
        }
    }

    /** A push planned to heal drift arrived for the cart. */
    public void drifted(PendingPush push) {
        update(push.cartId(), Reconciliation::drift);
        meters.counter("invsync.reconcile.drift", "cart", push.cartId()).increment();
    }

    /** A push that heals drift was made. */
    public void healed(PendingPush push, PushOutcome outcome) {
        update(push.cartId(), run -> run.healed(outcome.cartHasQuantity()));
    }

    /**
     * Whether the cart is due: a slot of {@code interval} has begun since its last run started (since its settings
     * were saved, if never reconciled), slots being offset per cart by a hash of its id.
     */
    static boolean due(CartSettingsChanged cart, Reconciliation last, Instant now, Duration interval) {
        long period = interval.toMillis();
        long offset = Math.floorMod(Utils.murmur2(cart.cartId().getBytes(StandardCharsets.UTF_8)), period);
        Instant since = last == null ? cart.observedAt() : last.startedAt();
        return Math.floorDiv(now.toEpochMilli() - offset, period) > Math.floorDiv(since.toEpochMilli() - offset, period);
    }

    private void record(CartReads.Page page) {
        reading.remove(page.cartId());
        if (page.notYet()) {
            waiting.add(page.cartId());
            return;
        }
        Reconciliation run = runs.get(page.cartId());
        if (run == null || !run.running()) {
            return;
        }
        Instant now = clock.instant();
        for (CartProductObserved observed : page.observed()) {
            output.cartProduct(Keys.cartValue(observed.cartId(), observed.location(), observed.aliasValue()), observed,
                    now);
        }
        Reconciliation next = run.paged(page.next(), page.listed(), page.observed().size(), page.unread(), now);
        if (page.error() != null) {
            next = next.failedWith(page.error(), now);
        }
        runs.put(page.cartId(), next);
        if (!next.running()) {
            running.remove(next.cartId());
            Timer.builder("invsync.reconcile.duration").description("how long a cart's reconciliation read took")
                    .tag("cart", next.cartId()).tag("status", next.status()).register(meters)
                    .record(Duration.between(next.startedAt(), now).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void update(String cartId, java.util.function.UnaryOperator<Reconciliation> change) {
        Reconciliation run = runs.get(cartId);
        if (run != null) {
            runs.put(cartId, change.apply(run));
        }
    }

    private void failRunsOfDeletedCarts(Instant now) {
        List<Reconciliation> orphaned = new ArrayList<>();
        try (KeyValueIterator<String, Reconciliation> entries = runs.all()) {
            entries.forEachRemaining(entry -> {
                if (entry.value.running() && carts.get(entry.key).isEmpty()) {
                    orphaned.add(entry.value);
                }
            });
        }
        orphaned.forEach(run -> {
            runs.put(run.cartId(), run.failedWith("the cart was deleted", now));
            running.remove(run.cartId());
        });
    }
}
