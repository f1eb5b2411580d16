package io.invsync.localstack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.invsync.simulator.WebhookCartSimulator;
import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

/**
 * One merchant with {@value #SKUS} SKUs in two warehouses and one webhook cart that takes the sum over both: a
 * known starting state, a background writer that keeps posting newer observations (and, every third round, an
 * older one that must be ignored) while a test does harm, and then a final known state that the cart must end
 * with, exactly, for every SKU.
 *
 * <p>Older observations are marked: they carry an on-hand of at least {@value #STALE_ON_HAND}, while real ones
 * stay below 100 per warehouse, so a cart quantity of {@value #STALE_SEEN} or more means an older observation
 * overwrote a newer one. A watcher samples the cart for that during the whole run.
 */
final class SyncRun implements AutoCloseable {

    static final List<String> WAREHOUSES = List.of("EAST", "WEST");
    static final int SKUS = 200;
    private static final int ITEMS_PER_ROUND = 40;
    private static final long STALE_ON_HAND = 5_000;
    private static final long STALE_SEEN = 4_000;
    private static final Duration ROUND_DELAY = Duration.ofMillis(150);
    /** Generous for a 2-core machine that also runs the four services and the broker, but bounded. */
    static final Duration CONVERGE = Duration.ofSeconds(90);

    final String merchantId;
    final String cartId;
    final WebhookCartSimulator cart;
    final List<String> skus;
    private final FaultApi api;
    private final Random random;
    /** Observations are an hour old at most: diagnostics counts nothing here as stale by age. */
    private final Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Set<String> staleSeenInCart = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(
            task -> new Thread(task, "inventory-writer"));
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
            task -> new Thread(task, "stale-watcher"));
    private Map<String, Long> expected = Map.of();
    private final long begun = System.nanoTime();

    private final FaultStack stack;

    SyncRun(FaultStack stack, String name, long seed) {
        this.stack = stack;
        this.api = new FaultApi(stack);
        this.merchantId = name;
        this.cartId = name + "-shop";
        this.random = new Random(seed);
        this.skus = IntStream.range(0, SKUS).mapToObj(i -> "%s-%03d".formatted(name.toUpperCase(), i)).toList();
        this.cart = new WebhookCartSimulator(FaultStack.CART_SECRET, 0);
    }

    /** The merchant, its cart and a first state for every SKU in both warehouses, in the cart before returning. */
    SyncRun setUp() {
        api.put(Service.WMS_INGEST, "/api/merchants/" + merchantId,
                "{\"name\":\"" + merchantId + "\",\"inventorySync\":\"AUTOMATIC\"}");
        api.put(Service.CART_PUSH, "/api/carts/" + cartId, """
                {"merchantId":"%s","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"%s","syncWarehouse":"ALL",
                 "minimumInventoryLevel":0}""".formatted(merchantId, cart.url(), FaultStack.CART_REF));
        expected = postFullState(start, false);
        awaitCartHoldsExpected();
        note("first state in the cart");
        watcher.scheduleWithFixedDelay(this::watchForStale, 0, 100, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Says how far the run got and when: the timings are what to look at when the suite gets slow. */
    void note(String what) {
        System.out.printf("[faults] %s: %s at %d ms (rounds %d, accepted %d, refused %d)%n", merchantId, what,
                (System.nanoTime() - begun) / 1_000_000, rounds.get(), accepted.get(), refused.get());
    }

    void startWriting() {
        writer.scheduleWithFixedDelay(this::round, 0, ROUND_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until {@code more} rounds more than now have been posted, whatever their answers. */
    void awaitRounds(int more) {
        int target = rounds.get() + more;
        await("writer rounds").atMost(Duration.ofSeconds(60)).until(() -> rounds.get() >= target);
    }

    /** Waits until {@code more} rounds more than now were accepted by wms-ingest-service. */
    void awaitAcceptedRounds(int more) {
        int target = accepted.get() + more;
        await("accepted writer rounds").atMost(Duration.ofSeconds(90)).until(() -> accepted.get() >= target);
    }

    int refusedRounds() {
        return refused.get();
    }

    /**
     * One SKU gets a new quantity in EAST (observed after the first state, before any round of the writer): one
     * change, so one push call.
     */
    void postOneChange(String sku) {
        List<Map<String, Object>> item = List.of(Map.of("sku", sku, "onHand", 77L, "allocated", 0L));
        await("one change accepted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> post(WAREHOUSES.get(0), start.plusMillis(500), item) == 200);
    }

    /**
     * Stops the writer, then posts the final state (newer than anything before) for every SKU in both warehouses,
     * and after it an older observation of every SKU in both warehouses, which must change nothing.
     */
    void stopWritingAndPostFinalState() {
        stopWriting();
        postFinalState();
        postOlderThanFinalState();
    }

    /** The final state of every SKU in both warehouses, newer than anything before; returns once accepted. */
    void postFinalState() {
        expected = postFullState(finalAt(), false);
        note("final state posted");
    }

    /** An observation of every SKU in both warehouses older than the final state: it must change nothing. */
    void postOlderThanFinalState() {
        postFullState(finalAt().minus(1, ChronoUnit.MINUTES), true);
    }

    private Instant finalAt() {
        return start.plus(30, ChronoUnit.MINUTES);
    }

    Map<String, Long> expected() {
        return expected;
    }

    /**
     * The cart holds exactly the expected quantity for every SKU, diagnostics calls a sample of them IN_SYNC, and
     * no older observation ever reached the cart.
     */
    void assertConverged() {
        awaitCartHoldsExpected();
        note("final state in the cart");
        for (int i = 0; i < SKUS; i += SKUS / 10) {
            String sku = skus.get(i);
            JsonNode explanation = await("diagnostics of " + sku).atMost(CONVERGE).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(500)).until(() -> api.explain(merchantId, cartId, sku),
                            // a read model still catching up (a restarted diagnostics-service) may call an older
                            // pair IN_SYNC: it must come to the final one
                            e -> e != null && "IN_SYNC".equals(e.path("verdict").asString())
                                    && e.path("quantities").path("expected").asLong() == expected.get(sku));
            assertThat(explanation.path("quantities").path("expected").asLong()).as(sku).isEqualTo(expected.get(sku));
            assertThat(explanation.path("quantities").path("cart").asLong()).as(sku).isEqualTo(expected.get(sku));
        }
        note("diagnostics agrees");
        assertThat(staleSeenInCart).as("SKUs whose older observation overwrote a newer one in the cart").isEmpty();
    }

    void awaitCartHoldsExpected() {
        try {
            await("cart " + cartId + " holds the expected quantity of all " + SKUS + " SKUs").atMost(CONVERGE)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(300))
                    .untilAsserted(() -> assertThat(differences()).as("SKU → [expected, in cart]").isEmpty());
        } catch (AssertionError | RuntimeException e) {
            printWhatInvsyncSays(differences().keySet().stream().limit(3).toList());
            throw e;
        }
    }

    /** For a failure message: what cart-push-service and diagnostics-service say of some SKUs. */
    private void printWhatInvsyncSays(List<String> some) {
        for (String sku : some) {
            try {
                System.out.printf("[faults] %s: product-sync %s%n  diagnostics %s%n", sku,
                        api.productSync(cartId, sku).path("items"), api.explain(merchantId, cartId, sku));
            } catch (Exception e) {
                System.out.printf("[faults] %s: cannot ask invsync: %s%n", sku, e);
            }
        }
        if (!some.isEmpty()) {
            String sku = some.get(0);
            printRecords("invsync.inventory-levels.v1", merchantId + "/" + sku);
            printRecords("invsync.cart-push-results.v1", cartId + "/" + sku);
        }
    }

    /** Every record of one key, in offset order: the history behind a wrong quantity. */
    private void printRecords(String topic, String key) {
        Map<String, Object> props = Map.of("bootstrap.servers", stack.broker.bootstrapServers(),
                "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName(),
                "value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(props)) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        System.out.printf("[faults]   %s @%d-%d %s %s%n", topic, record.partition(), record.offset(),
                                Instant.ofEpochMilli(record.timestamp()), record.value());
                    }
                }
            }
        }
    }

    /** SKU → [expected, in cart] for every SKU whose cart quantity is not the expected one. */
    Map<String, List<Long>> differences() {
        Map<String, Long> inCart = cart.quantities();
        Map<String, List<Long>> differences = new TreeMap<>();
        expected.forEach((sku, quantity) -> {
            if (!quantity.equals(inCart.get(sku))) {
                differences.put(sku, java.util.Arrays.asList(quantity, inCart.get(sku)));
            }
        });
        return differences;
    }

    private void round() {
        int round = rounds.incrementAndGet();
        String warehouse = WAREHOUSES.get(round % WAREHOUSES.size());
        List<String> some = pick(ITEMS_PER_ROUND);
        count(post(warehouse, start.plusSeconds(round), items(some, false)));
        if (round % 3 == 0) {
            // older than the first state, so older than anything held for every (warehouse, SKU)
            count(post(warehouse, start.minus(1, ChronoUnit.HOURS).plusSeconds(round), items(pick(ITEMS_PER_ROUND),
                    true)));
        }
    }

    private void count(int status) {
        (status == 200 ? accepted : refused).incrementAndGet();
    }

    private synchronized List<String> pick(int count) {
        List<String> shuffled = new ArrayList<>(skus);
        Collections.shuffle(shuffled, random);
        return shuffled.subList(0, count);
    }

    /** Posts every SKU in both warehouses, retrying until accepted; returns the quantity each SKU should get. */
    private Map<String, Long> postFullState(Instant observedAt, boolean stale) {
        Map<String, Long> total = new LinkedHashMap<>();
        for (String warehouse : WAREHOUSES) {
            List<Map<String, Object>> items = items(skus, stale);
            for (Map<String, Object> item : items) {
                total.merge((String) item.get("sku"), (long) item.get("onHand") - (long) item.get("allocated"),
                        Long::sum);
            }
            await("inventory of " + warehouse + " accepted").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).until(() -> post(warehouse, observedAt, items) == 200);
        }
        // sync uses available summed over the warehouses, and a cart cannot show less than nothing
        return total.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> Math.max(0, e.getValue()), (a, b) -> a,
                        LinkedHashMap::new));
    }

    private synchronized List<Map<String, Object>> items(List<String> some, boolean stale) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (String sku : some) {
            long onHand = stale ? STALE_ON_HAND + random.nextInt(1000) : random.nextInt(60);
            // now and then more is allocated than is on hand: available goes negative and the cart gets 0
            long allocated = stale ? 0 : random.nextInt((int) onHand + 6);
            items.add(Map.of("sku", sku, "onHand", onHand, "allocated", allocated));
        }
        return items;
    }

    private int post(String warehouse, Instant observedAt, List<Map<String, Object>> items) {
        // wms-ingest-service streams the body: warehouseId and observedAt must come before the items
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("warehouseId", warehouse);
        body.put("observedAt", observedAt.toString());
        body.put("items", items);
        String json = new String(EventJson.write(body), java.nio.charset.StandardCharsets.UTF_8);
        return api.send(Service.WMS_INGEST, "POST", "/api/merchants/" + merchantId + "/inventory", json);
    }

    private void watchForStale() {
        cart.quantities().forEach((sku, quantity) -> {
            if (quantity >= STALE_SEEN) {
                staleSeenInCart.add(sku);
            }
        });
    }

    void stopWriting() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the writer did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
        watcher.shutdownNow();
        cart.close();
    }
}
