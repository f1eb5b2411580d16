package io.invsync.cartpush.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.invsync.cartpush.plan.StoredValues.OrderLines;
import io.invsync.cartpush.plan.StoredValues.ProductIds;
import io.invsync.cartpush.push.PushResults;
import io.invsync.support.streams.Carts;
import io.invsync.support.streams.MerchantRouting;
import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartLocation;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.EventSerde;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryRunIndexed;
import io.invsync.events.Keys;
import io.invsync.events.PushOutcome;
import io.invsync.events.Topics;
import io.invsync.support.TraceHeaders;
import io.invsync.support.streams.EventSources;
import io.invsync.support.streams.OwnerPartitions;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The planning stage: everything a plan for (cart, location, product) is judged on meets in one task, because every input is
 * partitioned by merchant (a cart belongs to one merchant) — the inventory topics as they are (DESIGN §3), the cart
 * topics (keyed by cart) repartitioned: the product's level (a table with Streams' record
 * cache, so the warehouses of one product arriving within a commit interval are planned once, not once per
 * warehouse), the alias index, the in-flight order lines per SKU, what the carts said of each value and the last
 * outcome per (cart, value). Each is a RocksDB store, changelogged, holding only this task's merchants.
 * <p>
 * A change is planned for every cart of its merchant ({@link PlanRules}, the function diagnostics explains with).
 * A plan that needs no call is recorded here, to {@code cart-push-results}, unless the last result says the same;
 * a plan that needs a call goes to the cart's pushing stage (partitioned by cart). Until that push's result comes
 * back, the value is <em>awaiting</em>: a later plan judged UNCHANGED against the old result is sent as a push
 * too, and a later plan that needs no call withdraws the waiting push.
 * <p>
 * Punctuations: every {@code cartCheckInterval} each task looks at the carts of its merchants; a cart that is new,
 * changed, asked to resync or told of a value the index does not hold is planned in full. Every
 * {@code holdCheckInterval} order lines whose hold has ended are dropped and their products planned again.
 */
public final class PlanStage {

    private static final Logger log = LoggerFactory.getLogger(PlanStage.class);

    /** merchantId/productId → the product's level (the planning table). */
    public static final String LEVELS = "plan-levels";
    /** merchantId/aliasName/aliasValue → the products holding it. */
    static final String ALIASES = "plan-aliases";
    /** merchantId/sku → the order lines that hold its stock back. */
    public static final String ORDERS = "plan-orders";
    /** merchantId/sku → the products carrying it. */
    static final String SKU_PRODUCTS = "plan-sku-products";
    /** merchantId/cartId/location/aliasValue → what the cart said of it at its last catalog read. */
    public static final String CART_PRODUCTS = "plan-cart-products";
    /** merchantId/cartId/location/aliasValue → the last outcome recorded. */
    public static final String RESULTS = "plan-results";
    /** merchantId/cartId/location/aliasValue → the push sent to the pushing stage whose result has not come back. */
    static final String AWAITING = "plan-awaiting";
    /** cartId → the settings' observedAt last planned in full. */
    static final String CART_VERSIONS = "plan-cart-versions";
    /** merchantId/runId → when inventory-service said the run is indexed (epoch millis). */
    static final String RUNS_INDEXED = "plan-runs-indexed";
    /** merchantId/runId/productId → products whose new values wait for the run to be indexed. */
    static final String HELD_FOR_RUN = "plan-held-for-run";
    /** merchantId/runId → since when products of the run are held (epoch millis): the wait is bounded. */
    static final String RUNS_HELD = "plan-runs-held";

    private static final String[] STORES = { LEVELS, ALIASES, ORDERS, SKU_PRODUCTS, CART_PRODUCTS, RESULTS, AWAITING,
            CART_VERSIONS, RUNS_INDEXED, HELD_FOR_RUN, RUNS_HELD };

    /** How long a run's indexed marker is remembered: a level of an older run is not held for it. */
    private static final Duration RUNS_INDEXED_KEPT = Duration.ofDays(1);

    /**
     * @param partitions the partitions of the repartition topics (the topics' own count: invsync.topics.partitions)
     * @param runIndexWait how long a value new in a run waits for the run to be indexed at most (a run whose end
     *        never comes, e.g. a WMS that stopped mid-payload, does not hold its values forever)
     */
    public record Settings(int partitions, Duration holdLimit, Duration cartCheckInterval,
            Duration holdCheckInterval, Clock clock, MeterRegistry meters, ResyncRequests resyncs,
            Duration runIndexWait) {
    }

    /** A push sent to the pushing stage: its quantity, and when it was planned. */
    public record Awaiting(long quantity, long sinceMillis) {
    }

    /** What the planning stage emits: a result to record, or a push (or withdrawal) for the cart's stage. */
    public record Planned(CartPushRecorded result, PendingPush push) {
    }

    private PlanStage() {
    }

    /** @return the pushes (and withdrawals) for the pushing stage, keyed cartId/location/aliasValue */
    public static KStream<String, PendingPush> addTo(StreamsBuilder builder, Settings settings) {
        builder.addStateStore(store(ALIASES, EventSerde.stored(AliasIndexChanged.class)));
        builder.addStateStore(store(ORDERS, EventSerde.stored(OrderLines.class)));
        builder.addStateStore(store(SKU_PRODUCTS, EventSerde.stored(ProductIds.class)));
        builder.addStateStore(store(CART_PRODUCTS, EventSerde.stored(CartProductObserved.class)));
        builder.addStateStore(store(RESULTS, EventSerde.stored(CartPushRecorded.class)));
        builder.addStateStore(store(AWAITING, EventSerde.stored(Awaiting.class)));
        builder.addStateStore(store(CART_VERSIONS, Serdes.String()));
        builder.addStateStore(store(RUNS_INDEXED, Serdes.Long()));
        builder.addStateStore(store(HELD_FOR_RUN, Serdes.Long()));
        builder.addStateStore(store(RUNS_HELD, Serdes.Long()));

        int partitions = settings.partitions();
        // the inventory topics are partitioned by merchant already (DESIGN §3): read as they are
        KStream<String, Planned> fromLevels = EventSources.stream(builder,
                        Topics.INVENTORY_LEVELS, InventoryLevelChanged.class,
                        level -> Keys.product(level.merchantId(), level.productId()))
                .toTable(Named.as("plan-levels-table"),
                        Materialized.<String, InventoryLevelChanged, KeyValueStore<Bytes, byte[]>>as(LEVELS)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(EventSerde.stored(InventoryLevelChanged.class)).withCachingEnabled())
                .toStream(Named.as("plan-level-changes"))
                .process(() -> new LevelPlanner(settings), Named.as("plan-levels"), STORES);

        KStream<String, Planned> fromAliases = EventSources.stream(builder,
                        Topics.ALIAS_INDEX, AliasIndexChanged.class,
                        alias -> Keys.alias(alias.merchantId(), alias.aliasName(), alias.aliasValue()))
                .process(() -> new AliasPlanner(settings), Named.as("plan-aliases"), STORES);

        KStream<String, Planned> fromOrders = EventSources.stream(builder,
                        Topics.CART_ORDERS, CartOrderLineReceived.class,
                        order -> Keys.sku(order.merchantId(), order.sku()))
                .process(() -> new OrderPlanner(settings), Named.as("plan-orders"), STORES);

        KStream<String, Planned> fromRunsIndexed = EventSources.stream(builder,
                        Topics.RUNS_INDEXED, InventoryRunIndexed.class,
                        run -> Keys.run(run.merchantId(), run.runId()))
                .process(() -> new RunIndexedPlanner(settings), Named.as("plan-runs-indexed"), STORES);

        KStream<String, Planned> fromCartProducts = MerchantRouting.cartKeyedByMerchant(EventSources.stream(builder,
                        Topics.CART_PRODUCTS, CartProductObserved.class,
                        product -> Keys.cartValue(product.cartId(), product.location(), product.aliasValue())),
                        "plan-cart-products-by-merchant", EventSerde.stored(CartProductObserved.class), partitions,
                        CartProductObserved::merchantId)
                .process(() -> new CartProductPlanner(settings), Named.as("plan-cart-products"), STORES);

        MerchantRouting.cartKeyedByMerchant(EventSources.stream(builder, Topics.CART_PUSH_RESULTS,
                        CartPushRecorded.class,
                        result -> Keys.cartValue(result.cartId(), result.location(), result.aliasValue())),
                        "plan-results-by-merchant", EventSerde.stored(CartPushRecorded.class), partitions,
                        CartPushRecorded::merchantId)
                .process(() -> new ResultRecorder(settings), Named.as("plan-results"), STORES);

        KStream<String, Planned> planned = fromLevels.merge(fromAliases, Named.as("planned-aliases"))
                .merge(fromOrders, Named.as("planned-orders"))
                .merge(fromCartProducts, Named.as("planned-cart-products"))
                .merge(fromRunsIndexed, Named.as("planned-runs-indexed"));
        planned.filter((key, p) -> p.result() != null, Named.as("planned-results"))
                .mapValues(Planned::result, Named.as("planned-result-values"))
                .to(Topics.CART_PUSH_RESULTS, Produced.with(Serdes.String(), EventSerde.of(CartPushRecorded.class))
                        .withName("record-planned-results").withStreamPartitioner(OwnerPartitions.byKey()));
        return planned.filter((key, p) -> p.push() != null, Named.as("planned-pushes"))
                .mapValues(Planned::push, Named.as("planned-push-values"));
    }

    private static <V> org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<String, V>> store(String name,
            Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    /** What every planner of the stage shares: the stores, and planning one (cart, location, product). */
    abstract static class Planner<V> implements Processor<String, V, String, Planned> {

        final Settings settings;
        ProcessorContext<String, Planned> context;
        KeyValueStore<String, ValueAndTimestamp<InventoryLevelChanged>> levels;
        KeyValueStore<String, AliasIndexChanged> aliases;
        KeyValueStore<String, OrderLines> orders;
        KeyValueStore<String, ProductIds> skuProducts;
        KeyValueStore<String, CartProductObserved> cartProducts;
        KeyValueStore<String, CartPushRecorded> results;
        KeyValueStore<String, Awaiting> awaiting;
        KeyValueStore<String, String> cartVersions;
        KeyValueStore<String, Long> runsIndexed;
        KeyValueStore<String, Long> heldForRun;
        KeyValueStore<String, Long> runsHeld;
        Carts carts;
        /** The cart read being planned, if that is what is planned: a push it causes heals drift. */
        CartProductObserved cartRead;
        /**
         * Whether the products being planned are released by their run's index: their values wait no more, even
         * if a later run (not indexed yet) brought the level they are planned from.
         */
        boolean releasing;
        /** The headers of the record being processed (null in a punctuation): what it causes carries them on. */
        Headers incoming;
        PlanInputs inputs;

        Planner(Settings settings) {
            this.settings = settings;
        }

        @Override
        public void init(ProcessorContext<String, Planned> context) {
            this.context = context;
            levels = context.getStateStore(LEVELS);
            aliases = context.getStateStore(ALIASES);
            orders = context.getStateStore(ORDERS);
            skuProducts = context.getStateStore(SKU_PRODUCTS);
            cartProducts = context.getStateStore(CART_PRODUCTS);
            results = context.getStateStore(RESULTS);
            awaiting = context.getStateStore(AWAITING);
            cartVersions = context.getStateStore(CART_VERSIONS);
            runsIndexed = context.getStateStore(RUNS_INDEXED);
            heldForRun = context.getStateStore(HELD_FOR_RUN);
            runsHeld = context.getStateStore(RUNS_HELD);
            carts = new Carts(context.getStateStore(Carts.STORE));
            inputs = new PlanInputs(aliases, orders, cartProducts, results);
        }

        @Override
        public final void process(Record<String, V> record) {
            incoming = record.headers();
            try {
                handle(record);
            } finally {
                incoming = null;
            }
        }

        abstract void handle(Record<String, V> record);

        InventoryLevelChanged level(String merchantId, String productId) {
            ValueAndTimestamp<InventoryLevelChanged> held = levels.get(Keys.product(merchantId, productId));
            return held == null ? null : held.value();
        }

        List<String> holders(String merchantId, String aliasName, String aliasValue) {
            return inputs.holders(merchantId, aliasName, aliasValue);
        }

        /** Plans the product for each of its merchant's carts that {@code which} accepts. */
        void planForCarts(InventoryLevelChanged level, Predicate<CartSettingsChanged> which) {
            for (CartSettingsChanged cart : carts.ofMerchant(level.merchantId())) {
                if (which.test(cart)) {
                    plan(cart, level);
                }
            }
        }

        /** Every product of the cart's merchant, for the cart. */
        void planInFull(CartSettingsChanged cart) {
            int planned = 0;
            try (KeyValueIterator<String, ValueAndTimestamp<InventoryLevelChanged>> entries = levels
                    .prefixScan(cart.merchantId() + Keys.SEPARATOR, new StringSerializer())) {
                while (entries.hasNext()) {
                    KeyValue<String, ValueAndTimestamp<InventoryLevelChanged>> entry = entries.next();
                    if (entry.value != null && entry.value.value() != null) {
                        plan(cart, entry.value.value());
                        planned++;
                    }
                }
            }
            log.info("planned cart {} in full: {} products of merchant {}", cart.cartId(), planned, cart.merchantId());
        }

        /** The products carrying a SKU now, for every cart of the merchant; products that no longer do are dropped. */
        void planSku(String merchantId, String sku) {
            String key = Keys.sku(merchantId, sku);
            ProductIds products = skuProducts.get(key);
            if (products == null) {
                return;
            }
            List<String> moved = new ArrayList<>();
            for (String productId : products.ids()) {
                InventoryLevelChanged level = level(merchantId, productId);
                if (level == null || !sku.equals(level.sku())) {
                    moved.add(productId);
                } else {
                    planForCarts(level, cart -> true);
                }
            }
            if (!moved.isEmpty()) {
                ProductIds left = products.without(moved);
                if (left.ids().isEmpty()) {
                    skuProducts.delete(key);
                } else {
                    skuProducts.put(key, left);
                }
            }
        }

        /** Plans the product at each of the cart's locations. */
        void plan(CartSettingsChanged cart, InventoryLevelChanged level) {
            for (CartLocation place : cart.locations()) {
                plan(cart, place, level);
            }
        }

        void plan(CartSettingsChanged cart, CartLocation place, InventoryLevelChanged level) {
            Instant now = settings.clock().instant();
            if (waitsForItsRun(cart, place, level)) {
                hold(level, now);
                return;
            }
            PlanInputs.Judged judged = inputs.judge(cart, place, level, now, settings.holdLimit());
            judged.plan().ifPresent(plan -> act(plan, judged.resultKey(), judged.cartProduct(), judged.last(), now));
        }

        /**
         * Whether the product's value is new at the location (never planned there, nothing on its way) and came with
         * a run not indexed yet: it waits, so that another product of the same run holding the value is known as a
         * duplicate before either is pushed under it (DESIGN §1, Alias). Values already known keep their latency.
         */
        private boolean waitsForItsRun(CartSettingsChanged cart, CartLocation place, InventoryLevelChanged level) {
            String aliasValue = level.aliases().get(cart.pushAlias());
            if (releasing || level.runId() == null || aliasValue == null
                    || runsIndexed.get(Keys.run(level.merchantId(), level.runId())) != null) {
                return false;
            }
            String key = MerchantRouting.cartKey(cart.merchantId(), cart.cartId(), place.location(), aliasValue);
            return results.get(key) == null && awaiting.get(key) == null;
        }

        private void hold(InventoryLevelChanged level, Instant now) {
            String run = Keys.run(level.merchantId(), level.runId());
            heldForRun.put(run + Keys.SEPARATOR + level.productId(), now.toEpochMilli());
            runsHeld.putIfAbsent(run, now.toEpochMilli());
        }

        /** The run is indexed (or waited for long enough): the products it held are planned for every cart. */
        void release(String run, String why) {
            runsHeld.delete(run);
            List<String> productIds = new ArrayList<>();
            try (KeyValueIterator<String, Long> held = heldForRun.prefixScan(run + Keys.SEPARATOR,
                    new StringSerializer())) {
                held.forEachRemaining(entry -> productIds.add(entry.key.substring(run.length() + 1)));
            }
            String merchantId = Keys.owner(run);
            releasing = true;
            try {
                for (String productId : productIds) {
                    heldForRun.delete(run + Keys.SEPARATOR + productId);
                    InventoryLevelChanged level = level(merchantId, productId);
                    if (level != null) {
                        planForCarts(level, cart -> true);
                    }
                }
            } finally {
                releasing = false;
            }
            if (!productIds.isEmpty()) {
                log.info("run {} {}: planned the {} products whose new values waited for it", run, why,
                        productIds.size());
            }
        }

        /** @param key the value's key in this stage's stores; records out are keyed cartId/location/aliasValue */
        private void act(Plan plan, String key, Optional<CartProductObserved> cartProduct, CartPushRecorded last,
                Instant now) {
            String out = Keys.cartValue(plan.cartId(), plan.location(), plan.aliasValue());
            Awaiting sent = awaiting.get(key);
            boolean call = plan.needsCall() || (plan.outcome() == PushOutcome.UNCHANGED && sent != null);
            if (call) {
                if (sent != null && sent.quantity() == plan.quantity()) {
                    return; // that very quantity is on its way to the cart already
                }
                // a push whose result has not come back may leave another quantity: this one goes after it
                awaiting.put(key, new Awaiting(plan.quantity(), now.toEpochMilli()));
                boolean drift = cartRead != null && cartRead.cartQuantity() != null
                        && cartRead.cartQuantity() != plan.quantity();
                forward(out, new Planned(null, new PendingPush(plan.asCall(),
                        cartProduct.map(CartProductObserved::cartItemRef).orElse(null),
                        cartProduct.map(CartProductObserved::cartQuantity).orElse(null), last, now, drift,
                        TraceHeaders.traceParent(incoming))), now);
                return;
            }
            if (sent != null) {
                awaiting.delete(key);
                forward(out, new Planned(null, new PendingPush(plan, null, null, last, now, false,
                        TraceHeaders.traceParent(incoming))), now);
            }
            settings.meters().counter("invsync.cart.push", "cart", plan.cartId(), "outcome", plan.outcome().name())
                    .increment();
            CartPushRecorded result = PushResults.record(plan, plan.outcome(), plan.reason(), last, now, now);
            if (result != null) {
                results.put(key, result);
                forward(out, new Planned(result, null), now);
            }
        }

        private void forward(String key, Planned planned, Instant now) {
            context.forward(new Record<>(key, planned, now.toEpochMilli(), incoming));
        }
    }

    /**
     * A product's level (coalesced per commit interval by the table's cache): indexed under its SKU, order lines
     * it covers dropped, planned for every cart of the merchant. Also runs the stage's punctuations.
     */
    static final class LevelPlanner extends Planner<InventoryLevelChanged> {

        LevelPlanner(Settings settings) {
            super(settings);
        }

        @Override
        public void init(ProcessorContext<String, Planned> context) {
            super.init(context);
            context.schedule(settings.cartCheckInterval(), PunctuationType.WALL_CLOCK_TIME, at -> checkCarts());
            context.schedule(settings.holdCheckInterval(), PunctuationType.WALL_CLOCK_TIME, at -> {
                releaseEndedHolds();
                releaseRunsWaitedFor();
            });
        }

        /** When this task next looks for indexed markers old enough to forget. */
        private long nextForgetMillis;

        /**
         * Products held for a run that was not indexed within the wait are planned anyway (the run's end may never
         * come); indexed markers older than a day are forgotten.
         */
        private void releaseRunsWaitedFor() {
            long now = settings.clock().millis();
            List<String> overdue = new ArrayList<>();
            try (KeyValueIterator<String, Long> runs = runsHeld.all()) {
                runs.forEachRemaining(entry -> {
                    if (entry.value + settings.runIndexWait().toMillis() <= now) {
                        overdue.add(entry.key);
                    }
                });
            }
            for (String run : overdue) {
                runsIndexed.put(run, now);
                release(run, "was not indexed within " + settings.runIndexWait());
            }
            if (now < nextForgetMillis) {
                return; // markers are kept a day: looking for old ones once a minute is enough
            }
            nextForgetMillis = now + Duration.ofMinutes(1).toMillis();
            List<String> forgotten = new ArrayList<>();
            try (KeyValueIterator<String, Long> runs = runsIndexed.all()) {
                runs.forEachRemaining(entry -> {
                    if (entry.value + RUNS_INDEXED_KEPT.toMillis() <= now) {
                        forgotten.add(entry.key);
                    }
                });
            }
            forgotten.forEach(runsIndexed::delete);
        }

        @Override
        void handle(Record<String, InventoryLevelChanged> record) {
            InventoryLevelChanged level = record.value();
            if (level == null) {
                return; // the product is gone from the table; what was recorded for it stays until it is back
            }
            String skuKey = Keys.sku(level.merchantId(), level.sku());
            ProductIds products = skuProducts.get(skuKey);
            ProductIds withIt = products == null ? new ProductIds(List.of(level.productId()))
                    : products.with(level.productId());
            if (withIt != products) {
                skuProducts.put(skuKey, withIt);
            }
            OrderLines lines = orders.get(skuKey);
            if (lines != null) {
                // a level observed after the order was placed already has it in its allocation
                List<CartOrderLineReceived> holding = lines.lines().stream().filter(order -> !level.warehouses()
                        .values().stream().allMatch(w -> w.observedAt().isAfter(order.placedAt()))).toList();
                if (holding.isEmpty()) {
                    orders.delete(skuKey);
                } else if (holding.size() != lines.lines().size()) {
                    orders.put(skuKey, new OrderLines(holding));
                }
            }
            planForCarts(level, cart -> true);
        }

        /** Plans in full the carts of this task's merchants that are new, changed or asked to resync. */
        private void checkCarts() {
            int partition = context.taskId().partition();
            Set<String> known = new LinkedHashSet<>();
            for (CartSettingsChanged cart : carts.all()) {
                if (OwnerPartitions.of(cart.merchantId(), settings.partitions()) != partition) {
                    continue;
                }
                known.add(cart.cartId());
                String version = cart.observedAt().toString();
                boolean resync = settings.resyncs().take(cart.cartId());
                if (resync || !version.equals(cartVersions.get(cart.cartId()))) {
                    cartVersions.put(cart.cartId(), version);
                    planInFull(cart);
                }
            }
            List<String> gone = new ArrayList<>();
            try (KeyValueIterator<String, String> versions = cartVersions.all()) {
                versions.forEachRemaining(entry -> {
                    if (!known.contains(entry.key)) {
                        gone.add(entry.key);
                    }
                });
            }
            gone.forEach(cartVersions::delete);
        }

        /** Order lines placed more than the hold limit ago stop holding stock back: their SKUs are planned again. */
        private void releaseEndedHolds() {
            Instant placedBy = settings.clock().instant().minus(settings.holdLimit());
            List<KeyValue<String, OrderLines>> ended = new ArrayList<>();
            try (KeyValueIterator<String, OrderLines> entries = orders.all()) {
                entries.forEachRemaining(entry -> {
                    if (entry.value.lines().stream().anyMatch(order -> !order.placedAt().isAfter(placedBy))) {
                        ended.add(entry);
                    }
                });
            }
            for (KeyValue<String, OrderLines> entry : ended) {
                List<CartOrderLineReceived> holding = entry.value.lines().stream()
                        .filter(order -> order.placedAt().isAfter(placedBy)).toList();
                if (holding.isEmpty()) {
                    orders.delete(entry.key);
                } else {
                    orders.put(entry.key, new OrderLines(holding));
                }
                CartOrderLineReceived any = entry.value.lines().get(0);
                planSku(any.merchantId(), any.sku());
            }
        }
    }

    /** A run inventory-service has indexed: remembered, and the products held for it planned. */
    static final class RunIndexedPlanner extends Planner<InventoryRunIndexed> {

        RunIndexedPlanner(Settings settings) {
            super(settings);
        }

        @Override
        void handle(Record<String, InventoryRunIndexed> record) {
            InventoryRunIndexed run = record.value();
            if (run == null) {
                return;
            }
            runsIndexed.put(record.key(), settings.clock().millis());
            release(record.key(), "is indexed");
        }
    }

    /** The products that held the value before and those that hold it now, for the carts pushing by that alias. */
    static final class AliasPlanner extends Planner<AliasIndexChanged> {

        AliasPlanner(Settings settings) {
            super(settings);
        }

        @Override
        void handle(Record<String, AliasIndexChanged> record) {
            AliasIndexChanged before = aliases.get(record.key());
            AliasIndexChanged entry = record.value();
            AliasIndexChanged any = entry != null ? entry : before;
            if (any == null) {
                return;
            }
            if (entry == null) {
                aliases.delete(record.key());
            } else {
                aliases.put(record.key(), entry);
            }
            Set<String> products = new LinkedHashSet<>();
            if (before != null) {
                products.addAll(before.productIds());
            }
            if (entry != null) {
                products.addAll(entry.productIds());
            }
            for (String productId : products) {
                InventoryLevelChanged level = level(any.merchantId(), productId);
                if (level != null) {
                    planForCarts(level, cart -> cart.pushAlias().equals(any.aliasName()));
                }
            }
        }
    }

    /** An order line a cart took: held under its SKU until a newer level covers it, and its products planned. */
    static final class OrderPlanner extends Planner<CartOrderLineReceived> {

        OrderPlanner(Settings settings) {
            super(settings);
        }

        @Override
        void handle(Record<String, CartOrderLineReceived> record) {
            CartOrderLineReceived order = record.value();
            if (order == null) {
                OrderLines dropped = orders.get(record.key());
                orders.delete(record.key());
                if (dropped != null && !dropped.lines().isEmpty()) {
                    planSku(dropped.lines().get(0).merchantId(), dropped.lines().get(0).sku());
                }
                return;
            }
            OrderLines lines = orders.get(record.key());
            orders.put(record.key(), lines == null ? new OrderLines(List.of(order)) : lines.with(order));
            planSku(order.merchantId(), order.sku());
        }
    }

    /**
     * What a cart said of a value: kept, and the products holding the value planned for that cart (a push this
     * causes because the cart holds another quantity heals drift: the pushing stage counts it for the cart's
     * reconciliation). A value the index does not hold has the cart planned in full at the next cart check
     * (coalesced: a catalog read of many such values plans the cart once).
     */
    static final class CartProductPlanner extends Planner<CartProductObserved> {

        CartProductPlanner(Settings settings) {
            super(settings);
        }

        @Override
        void handle(Record<String, CartProductObserved> record) {
            CartProductObserved product = record.value();
            if (product == null) {
                cartProducts.delete(record.key());
                return;
            }
            cartProducts.put(record.key(), product);
            carts.get(product.cartId()).ifPresent(cart -> {
                List<String> holders = holders(cart.merchantId(), cart.pushAlias(), product.aliasValue());
                if (holders.isEmpty()) {
                    cartVersions.delete(cart.cartId());
                    return;
                }
                Optional<CartLocation> place = cart.location(product.location());
                if (place.isEmpty()) {
                    return; // a read of a location the cart no longer has: kept, planned for nothing
                }
                cartRead = product;
                try {
                    for (String productId : holders) {
                        InventoryLevelChanged level = level(cart.merchantId(), productId);
                        if (level != null) {
                            plan(cart, place.get(), level);
                        }
                    }
                } finally {
                    cartRead = null;
                }
            });
        }
    }

    /** A recorded outcome: kept (the later attempt wins), and the value no longer awaits a push it answers. */
    static final class ResultRecorder extends Planner<CartPushRecorded> {

        ResultRecorder(Settings settings) {
            super(settings);
        }

        @Override
        void handle(Record<String, CartPushRecorded> record) {
            CartPushRecorded result = record.value();
            if (result == null) {
                results.delete(record.key());
                awaiting.delete(record.key());
                return;
            }
            CartPushRecorded held = results.get(record.key());
            if (PushResults.later(held, result) == result) {
                results.put(record.key(), result);
            }
            Awaiting sent = awaiting.get(record.key());
            if (sent != null && answers(result, sent)) {
                awaiting.delete(record.key());
            }
        }

        /**
         * Whether {@code result} answers the push awaited (or a plan after it). A push planned before it that lands
         * later does not: the value still awaits (its last result now says the older quantity, and a plan judged
         * UNCHANGED against that must still go after the push awaited). Within one millisecond the quantity tells.
         * Results written before they carried {@code plannedAt} are judged by when they were attempted.
         */
        static boolean answers(CartPushRecorded result, Awaiting sent) {
            long planned = (result.plannedAt() != null ? result.plannedAt() : result.attemptedAt()).toEpochMilli();
            return planned > sent.sinceMillis()
                    || (planned == sent.sinceMillis() && java.util.Objects.equals(result.quantity(), sent.quantity()));
        }
    }
}
