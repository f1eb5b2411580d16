package io.invsync.localstack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongBinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.invsync.simulator.ShopifySimulator;
import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.EventJson;
import io.invsync.localstack.FreePorts;
import io.invsync.localstack.KafkaBroker;
import io.invsync.support.streams.OwnerPartitions;

/**
 * The end-to-end benchmark: a WMS snapshot of products × warehouses (with aliases) pushed through the ingest API
 * as CSV into the four services (each in its own JVM) on a real broker, with one Shopify-simulated cart per
 * merchant; then the same broker's raw rate with plain kafka-clients, the latency of single changes under a
 * background load, and a second run with nothing changed. Prints a table and writes it to
 * {@code target/benchmark.md}.
 *
 * <p>{@code ./mvnw -q -pl local-stack -am -DskipTests -Pbenchmark install exec:exec}; sizes by
 * {@code -Dbench.products=200000 -Dbench.warehouses=5 -Dbench.latencySeconds=60 -Dbench.loadPerSecond=1000};
 * {@code -Dbench.merchants=3} spreads the products over three merchants (and carts), {@code -Dbench.instances=2}
 * runs two instances of cart-push-service and of diagnostics-service and reports each one's share of the work;
 * {@code -Dbench.layout=products} posts one CSV of every warehouse with a product's rows together (default
 * {@code warehouses}: one CSV per warehouse); {@code -Dbench.trials=3} (at least 1) how many times run 2 and the
 * raw-Kafka baselines are measured: each figure is given as the median with its minimum and maximum.
 */
public final class Benchmark {

    private static final String ADMIN_KEY = "bench-admin-key";
    private static final String SHOP_TOKEN = "shpat_bench_token";
    private static final String MERCHANT = "bench";
    private static final String CART = "bench-shop";
    /** invsync.topics.partitions' default, which the services run with. */
    private static final int PARTITIONS = 3;
    /** In place of a warehouse number: a CSV of every warehouse, with a warehouseId column. */
    private static final int ALL_WAREHOUSES = -1;

    private final int products = Integer.getInteger("bench.products", 200_000);
    private final int warehouses = Integer.getInteger("bench.warehouses", 5);
    private final int chunkRows = Integer.getInteger("bench.chunkRows", 50_000);
    private final int posters = Integer.getInteger("bench.posters", 2);
    /**
     * The snapshot's layout: {@code warehouses} (one CSV per warehouse, as a WMS per warehouse sends them, so a
     * product's total changes once per warehouse) or {@code products} (one CSV of every warehouse, a product's rows
     * together, as a WMS exporting all its locations sends it).
     */
    private final boolean productsTogether = "products".equals(System.getProperty("bench.layout", "warehouses"));
    private final int latencySeconds = Integer.getInteger("bench.latencySeconds", 60);
    private final int loadPerSecond = Integer.getInteger("bench.loadPerSecond", 1000);
    /** Product p belongs to merchant p % merchants, who has one cart. */
    private final int merchants = Integer.getInteger("bench.merchants", 1);
    /** Of cart-push-service and of diagnostics-service. */
    private final int instances = Integer.getInteger("bench.instances", 1);
    private final int trials = Math.max(1, Integer.getInteger("bench.trials", 3));
    /** The single-change probes' schedule: one every this many ms, latency counted from when it was due. */
    private static final long PROBE_INTERVAL_MS = 200;
    // one merchant keeps the ids of the earlier runs
    private final List<String> merchantIds = merchants == 1 ? List.of(MERCHANT) : spreadIds(MERCHANT + "-", merchants);
    private final List<String> cartIds = merchants == 1 ? List.of(CART) : spreadIds(CART + "-", merchants);
    /** -Xmx of cart-push-service and diagnostics-service (their state is in RocksDB stores, off the heap). */
    private final String tableHeap = System.getProperty("bench.tableHeap", "512m");
    private final Duration patience = Duration.ofMinutes(Integer.getInteger("bench.patienceMinutes", 30));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AdminHttp admin = new AdminHttp(ADMIN_KEY, patience);
    private final List<String> report = new ArrayList<>();
    private final Path logs = Path.of("target", "benchmark-logs");
    private ShopifySimulator shop;
    private ServiceProcess ingest;
    private ServiceProcess inventory;
    /** The first is the one killed and restarted. */
    private final List<ServiceProcess> cartPushes = new ArrayList<>();
    private final List<ServiceProcess> diagnostics = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new Benchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory("invsync-bench");
        Files.createDirectories(logs);
        jdk.jfr.Recording recording = null;
        if (Boolean.getBoolean("bench.jfr")) {
            // this JVM holds the broker, the simulated shop and the load: its profile too
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.setDestination(logs.resolve("benchmark.jfr"));
            recording.start();
        }
        int[] ports = FreePorts.take(4 + 2 * instances);
        say("benchmark: %d products × %d warehouses = %d rows (%s); merchants %s with carts %s; %d instance(s) "
                + "of cart-push and diagnostics; logs in %s", products, warehouses, (long) products * warehouses,
                productsTogether ? "one CSV of all warehouses, a product's rows together" : "one CSV per warehouse",
                merchantIds, cartIds, instances, logs.toAbsolutePath());
        try (KafkaBroker broker = KafkaBroker.start(work, ports[0], ports[1])) {
            String bootstrap = broker.bootstrapServers();
            shop = new ShopifySimulator(SHOP_TOKEN, 0, System::nanoTime);
            // throughput, not Shopify's rate limit, is measured here: the cart's bucket never runs dry
            shop.bucket(1e12, 1e12);
            for (int p = 0; p < products; p++) {
                shop.addVariant(sku(p), 0);
            }
            List<String> common = ServiceProcess.pipelineArgs(bootstrap, ADMIN_KEY);
            ingest = ServiceProcess.start("wms-ingest-service", "io.invsync.ingest.IngestApplication", ports[2],
                    "512m", logs, common);
            inventory = ServiceProcess.start("inventory-service", "io.invsync.inventory.InventoryApplication",
                    ports[3], "256m", logs, concat(common, "--spring.kafka.streams.state-dir=" + work.resolve("streams")));
            for (int instance = 1; instance <= instances; instance++) {
                cartPushes.add(startInstance("cart-push-service", "io.invsync.cartpush.CartPushApplication", instance,
                        ports[2 + 2 * instance], work, concat(common, "--INVSYNC_SECRET_BENCH_SHOP=" + SHOP_TOKEN,
                                "--INVSYNC_SECRET_GRANTS=BENCH_SHOP=" + String.join(",", merchantIds),
                                // named, as a deployment names it: a restart takes its partitions back at once
                                "--INVSYNC_INSTANCE_ID=cart-push-" + instance,
                                // as with the bucket: the pipeline is measured, not a pause between calls
                                "--invsync.shopify.minimum-call-interval=PT0S")));
                diagnostics.add(startInstance("diagnostics-service", "io.invsync.diagnostics.DiagnosticsApplication",
                        instance, ports[3 + 2 * instance], work, common));
            }
            ServiceProcess.stopAtExit(this::services);
            try {
                // inside the try: a service that does not come up must not leave the others running
                Instant starting = Instant.now();
                for (ServiceProcess service : services()) {
                    service.awaitHealthy(Duration.ofMinutes(3));
                }
                say("services up in %d s", Duration.between(starting, Instant.now()).toSeconds());
                setUp();
                measure(bootstrap);
            } finally {
                for (ServiceProcess service : services()) {
                    service.close();
                }
                shop.close();
            }
        }
        if (recording != null) {
            recording.stop();
            recording.close();
        }
        Files.writeString(Path.of("target", "benchmark.md"), String.join("\n", report) + "\n");
    }

    /**
     * Instance {@code instance} (from 1) of cart-push-service or diagnostics-service: its own state directory and
     * logs, and the address the other instances forward interactive queries to.
     */
    private ServiceProcess startInstance(String service, String mainClass, int instance, int port, Path work,
            List<String> args) throws IOException {
        // a single instance keeps the name of the earlier runs' logs and figures
        String name = instances == 1 ? service : service + "-" + instance;
        return ServiceProcess.start(name, mainClass, port, tableHeap, logs, concat(args,
                "--spring.kafka.streams.state-dir=" + work.resolve(name + "-state"),
                "--INVSYNC_ADVERTISED_HOST=localhost"));
    }

    /** The current JVMs (a restarted cart-push-service in place of the killed one). */
    private List<ServiceProcess> services() {
        return Stream.of(List.of(ingest, inventory), cartPushes, diagnostics).flatMap(List::stream).toList();
    }

    /**
     * {@code count} ids {@code <prefix>0}, {@code <prefix>1}…, skipping any whose partition an earlier one has until
     * every partition has one: all of an owner's records go to one partition, so owners sharing one would leave an
     * instance idle.
     */
    private static List<String> spreadIds(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; ids.size() < count; i++) {
            String id = prefix + i;
            if (partitions.add(OwnerPartitions.of(id, PARTITIONS)) || ids.size() >= PARTITIONS) {
                ids.add(id);
            }
        }
        return ids;
    }

    private String merchant(int product) {
        return merchantIds.get(product % merchants);
    }

    /** Each merchant and its cart; the carts share the one simulated shop (the SKUs are distinct). */
    private void setUp() throws Exception {
        for (int m = 0; m < merchants; m++) {
            send("PUT", ingest.url() + "/api/merchants/" + merchantIds.get(m), "application/json",
                    "{\"name\":\"Benchmark\",\"inventorySync\":\"AUTOMATIC\"}");
            send("PUT", cartPush().url() + "/api/carts/" + cartIds.get(m), "application/json", """
                    {"merchantId":"%s","type":"SHOPIFY","baseUrl":"%s","location":"%s","credentialsRef":"BENCH_SHOP",
                     "syncWarehouse":"ALL","pushAlias":"SKU","minimumInventoryLevel":0}"""
                    .formatted(merchantIds.get(m), shop.baseUrl(), ShopifySimulator.LOCATION));
        }
    }

    /**
     * The CPU time each JVM used from this object's making to its printing, as a share of the machine: what a phase
     * spent where (this JVM holds the broker, the simulated shop and the load).
     */
    private final class CpuUse {
        private final long startedNanos = System.nanoTime();
        private final Map<String, Duration> before = used();

        private Map<String, Duration> used() {
            Map<String, Duration> used = new LinkedHashMap<>();
            for (ServiceProcess service : services()) {
                used.put(service.name, service.cpu());
            }
            used.put("broker+shop+load", Duration.ofNanos(((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()));
            return used;
        }

        @Override
        public String toString() {
            double wall = (System.nanoTime() - startedNanos) / 1e9;
            int cores = Runtime.getRuntime().availableProcessors();
            StringJoiner shares = new StringJoiner(", ");
            double total = 0;
            for (Map.Entry<String, Duration> now : used().entrySet()) {
                double cpu = now.getValue().minus(before.getOrDefault(now.getKey(), Duration.ZERO)).toNanos() / 1e9;
                total += cpu;
                shares.add(String.format("%s %.1f s (%.0f%%)", now.getKey(), cpu, 100 * cpu / (wall * cores)));
            }
            return String.format("%s; all %.0f%% of %d cores over %.1f s", shares, 100 * total / (wall * cores),
                    cores, wall);
        }
    }

    /** The first cart-push-service, which the cart settings and catalog refreshes are sent to. */
    private ServiceProcess cartPush() {
        return cartPushes.get(0);
    }

    private void measure(String bootstrap) throws Exception {
        long rows = (long) products * warehouses;

        // run 1: the first snapshot; the cart's items are not known yet, so the connector looks them up
        Run first = snapshot(1, (p, w) -> 10 + (p + w) % 40);
        say("run 1 (first load, items looked up): %d rows in %.1f s = %.0f rows/s; %d mutations, %d searches",
                rows, first.seconds(), rows / first.seconds(), first.mutations, first.searches);

        Instant refreshing = Instant.now();
        for (String cart : cartIds) {
            send("POST", cartPush().url() + "/api/carts/" + cart + "/catalog-refresh", null, null);
        }
        for (String cart : cartIds) {
            awaitTrue(() -> get(cartPush().url() + "/api/carts/" + cart + "/catalog-refresh").contains("SUCCEEDED"));
        }
        say("catalog refresh of %d SKUs in %d cart(s): %.1f s", products, cartIds.size(), seconds(refreshing));

        // run 2, `trials` times: every quantity changes each time (by one more than in the trial before); the catalog
        // is known, so only mutations are needed
        List<Double> seconds = new ArrayList<>();
        List<Double> mutationsPer10k = new ArrayList<>();
        CpuUse run2Cpu = new CpuUse();
        for (int trial = 0; trial < trials; trial++) {
            int before = shop.calls(ShopifySimulator.SEARCH);
            Run changed = snapshot(2, changedOnHand(trial));
            seconds.add(changed.seconds());
            mutationsPer10k.add(changed.mutations * 10_000.0 / products);
            say("run 2, trial %d of %d (every quantity changed): %d rows in %.1f s = %.0f rows/s; %d mutations "
                    + "(%.1f per 10,000 SKUs), %d searches", trial + 1, trials, rows, changed.seconds(),
                    rows / changed.seconds(), changed.mutations, changed.mutations * 10_000.0 / products,
                    shop.calls(ShopifySimulator.SEARCH) - before);
        }
        say("  CPU during run 2's trials: %s", run2Cpu);
        double rowsPerSecond = rows / median(seconds);
        say("run 2, median of %d: %.1f s (min %.1f, max %.1f) = %.0f rows/s; mutations per 10,000 SKUs %.1f "
                + "(min %.1f, max %.1f)", trials, median(seconds), min(seconds), max(seconds), rowsPerSecond,
                median(mutationsPer10k), min(mutationsPer10k), max(mutationsPer10k));

        // run 3: the last trial's quantities again, observed later: nothing to push
        Run unchanged = snapshot(3, changedOnHand(trials - 1));
        say("run 3 (nothing changed): %d rows in %.1f s; %d cart calls", rows, unchanged.seconds(),
                unchanged.mutations + unchanged.searches);

        Instant settling = Instant.now();
        awaitTablesRead(bootstrap);
        say("  cart-push and diagnostics had read every table to its end %.1f s after run 3", seconds(settling));
        CpuUse latencyCpu = new CpuUse();
        Histogram latency = latency();
        say("latency under %d changes/s for %d s (a probe due every 200 ms, corrected for coordinated omission): "
                + "p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (%d samples)",
                loadPerSecond, latencySeconds, latency.getValueAtPercentile(50), latency.getValueAtPercentile(90),
                latency.getValueAtPercentile(99), latency.getMaxValue(), latency.getTotalCount());
        say("  CPU during the latency phase: %s", latencyCpu);

        List<Double> plain = new ArrayList<>();
        List<Double> produced = new ArrayList<>();
        List<Double> consumed = new ArrayList<>();
        for (int trial = 0; trial < trials; trial++) {
            plain.add(rawKafka(bootstrap, rows, trial));
            double[] tools = kafkaTools(bootstrap, rows, trial);
            produced.add(tools[0]);
            consumed.add(tools[1]);
        }
        say("raw Kafka on the same broker, %d records, median of %d: plain clients produced and consumed %.0f "
                + "records/s (min %.0f, max %.0f); Kafka's ProducerPerformance %.0f records/s (min %.0f, max %.0f), "
                + "ConsumerPerformance %.0f records/s (min %.0f, max %.0f); pipeline ÷ raw (plain) = %.0f%%", rows,
                trials, median(plain), min(plain), max(plain), median(produced), min(produced), max(produced),
                median(consumed), min(consumed), max(consumed), 100 * rowsPerSecond / median(plain));

        for (ServiceProcess instance : Stream.concat(cartPushes.stream(), diagnostics.stream()).toList()) {
            say("share %s", share(instance.name, instance.prometheus()));
        }

        killAndRestartCartPush();
        for (ServiceProcess service : services()) {
            say("peak heap %-21s %4d MB", service.name, service.peakHeapBytes() / (1024 * 1024));
        }
    }

    /**
     * An instance's share of the work, from one scrape: its active Streams tasks, the entries its stores hold, and
     * (cart-push-service) the pushes it counted by outcome.
     */
    private static String share(String instance, String scrape) {
        Map<String, Double> stores = samples(scrape, "invsync_streams_store_records", "store");
        Map<String, Double> pushes = samples(scrape, "invsync_cart_push_total", "outcome");
        String line = "%s: %.0f active tasks, %,.0f store records (%s)".formatted(instance,
                samples(scrape, "invsync_streams_tasks", "kind").getOrDefault("active", Double.NaN), sum(stores),
                compact(stores));
        return pushes.isEmpty() ? line
                : line + ", %,.0f pushes counted (%s)".formatted(sum(pushes), compact(pushes));
    }

    /** The samples of a metric in a Prometheus scrape, summed by the value of one label. */
    private static Map<String, Double> samples(String scrape, String metric, String label) {
        Matcher sample = Pattern.compile("^" + metric + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        Pattern labelValue = Pattern.compile("(?:^|,)" + label + "=\"([^\"]*)\"");
        Map<String, Double> sums = new TreeMap<>();
        while (sample.find()) {
            Matcher value = labelValue.matcher(sample.group(1));
            if (value.find()) {
                sums.merge(value.group(1), Double.parseDouble(sample.group(2)), Double::sum);
            }
        }
        return sums;
    }

    private static double sum(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** {@code plan-levels 60,000, push-results 2,000}: the non-zero ones. */
    private static String compact(Map<String, Double> values) {
        return values.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> "%s %,.0f".formatted(e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }

    /**
     * {@code kill -9} of the first cart-push-service, then started again on its state directory: the time until it
     * is ready (its stores restored), and until a change posted right after the kill reaches the cart, which the
     * other instances, if any, may push before then.
     */
    private void killAndRestartCartPush() throws Exception {
        String sku = sku(0);
        Map<Long, Instant> setAt = new ConcurrentHashMap<>();
        shop.onSet((set, quantity) -> {
            if (set.equals(sku)) {
                setAt.putIfAbsent(quantity, Instant.now());
            }
        });
        List<ServiceProcess> others = cartPushes.subList(1, cartPushes.size());
        double othersPushed = pushed(others);
        Instant killed = Instant.now();
        ServiceProcess restarted = cartPush().killAndRestart();
        cartPushes.set(0, restarted);
        long quantity = postOne(0, 500);
        restarted.awaitHealthy(Duration.ofMinutes(3));
        double ready = seconds(killed);
        awaitTrue(() -> setAt.containsKey(quantity));
        double reached = Duration.between(killed, setAt.get(quantity)).toMillis() / 1000.0;
        String pusher = others.isEmpty() ? ""
                : pushed(others) > othersPushed ? " (pushed by another instance)" : " (pushed by the restarted one)";
        say("kill -9 of %s: ready again after %.1f s, a change posted at the kill reached the cart after %.1f s%s",
                restarted.name, ready, reached, pusher);
    }

    /** The {@code PUSHED} outcomes the instances counted. */
    private static double pushed(List<ServiceProcess> instances) throws IOException, InterruptedException {
        double pushed = 0;
        for (ServiceProcess instance : instances) {
            pushed += samples(instance.prometheus(), "invsync_cart_push_total", "outcome").getOrDefault("PUSHED", 0.0);
        }
        return pushed;
    }

    /** Posts one product's levels in every warehouse, one one-row CSV each; returns the total available. */
    private long postOne(int product, long onHandBase) throws Exception {
        long total = 0;
        Instant observedAt = Instant.now();
        for (int w = 0; w < warehouses; w++) {
            long onHand = onHandBase + w;
            total += onHand - allocated(product, w);
            String body = "sku,onHand,allocated,UPC,MPN\n" + sku(product) + "," + onHand + "," + allocated(product, w)
                    + ",0" + (400000000000L + product) + ",MPN-" + product + "\n";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingest.url()
                            + "/api/merchants/" + merchant(product) + "/inventory?warehouseId=WH-" + w + "&observedAt="
                            + observedAt))
                    .header("Content-Type", "text/csv").header("X-Api-Key", ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ingest answered " + response.statusCode() + ": " + response.body());
            }
        }
        return total;
    }

    /** A snapshot's run: seconds from the first row posted until the cart holds every expected quantity. */
    private record Run(long millis, int mutations, int searches) {

        double seconds() {
            return millis / 1000.0;
        }
    }

    private Run snapshot(int number, LongBinaryOperator onHand) throws Exception {
        int mutations = shop.mutations();
        int searches = shop.calls(ShopifySimulator.SEARCH);
        Instant observedAt = Instant.now();
        Map<String, Long> expected = new ConcurrentHashMap<>();
        for (int p = 0; p < products; p++) {
            long sum = 0;
            for (int w = 0; w < warehouses; w++) {
                sum += onHand.applyAsLong(p, w) - allocated(p, w);
            }
            expected.put(sku(p), sum);
        }
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(posters);
        List<Future<?>> posts = new ArrayList<>();
        // one CSV per warehouse of chunkRows products, or (productsTogether) one of every warehouse, chunkRows rows
        int chunkProducts = productsTogether ? Math.max(1, chunkRows / warehouses) : chunkRows;
        int[] csvWarehouses = productsTogether ? new int[] { ALL_WAREHOUSES }
                : IntStream.range(0, warehouses).toArray();
        for (int warehouse : csvWarehouses) {
            for (int m = 0; m < merchants; m++) {
                // merchant m's products are m, m + merchants, m + 2 × merchants…: chunkProducts of them a CSV
                for (int from = m; from < products; from += chunkProducts * merchants) {
                    int start = from;
                    int end = Math.min(products, from + chunkProducts * merchants);
                    posts.add(pool.submit(() -> postCsv(warehouse, start, end, observedAt, onHand)));
                }
            }
        }
        for (Future<?> post : posts) {
            post.get();
        }
        pool.shutdown();
        say("  run %d: ingest accepted every row after %.1f s", number, (System.nanoTime() - started) / 1e9);
        if (number == 3) {
            // nothing should reach the cart: wait until the last row's level has travelled, then for quiet;
            // the last product's page of one among its merchant's products (keyed by SKU here)
            int last = products - 1;
            String page = "/api/merchants/" + merchant(last) + "/products?limit=1&after=" + sku(last - merchants);
            awaitTrue(() -> get(inventory.url() + page).contains(observedAt.toString()));
            int calls = shop.mutations() + shop.calls(ShopifySimulator.SEARCH);
            do {
                calls = shop.mutations() + shop.calls(ShopifySimulator.SEARCH);
                Thread.sleep(5_000);
            } while (calls != shop.mutations() + shop.calls(ShopifySimulator.SEARCH));
        } else {
            awaitTrue(() -> expected.entrySet().stream().allMatch(e -> e.getValue().equals(shop.available(e.getKey()))));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Run(millis, shop.mutations() - mutations, shop.calls(ShopifySimulator.SEARCH) - searches);
    }

    /**
     * The levels of the products {@code from}, {@code from + merchants}… below {@code to}: one merchant's, in one
     * warehouse or (with {@link #ALL_WAREHOUSES}) in all of them, a product's rows one after the other.
     */
    private Void postCsv(int warehouse, int from, int to, Instant observedAt, LongBinaryOperator onHand)
            throws IOException, InterruptedException {
        admin.postCsv(ingest.url() + "/api/merchants/" + merchant(from) + "/inventory?"
                + (warehouse == ALL_WAREHOUSES ? "" : "warehouseId=WH-" + warehouse + "&") + "observedAt=" + observedAt,
                () -> csv(warehouse, from, to, onHand));
        return null;
    }

    /** A CSV generated while it is sent: neither side holds it whole. */
    private InputStream csv(int warehouse, int from, int to, LongBinaryOperator onHand) {
        boolean all = warehouse == ALL_WAREHOUSES;
        return new InputStream() {
            private int product = from;
            private int w = all ? 0 : warehouse;
            private byte[] line = (all ? "sku,warehouseId,onHand,allocated,UPC,MPN\n" : "sku,onHand,allocated,UPC,MPN\n")
                    .getBytes(StandardCharsets.US_ASCII);
            private int at;

            @Override
            public int read() {
                while (at >= line.length) {
                    if (product >= to) {
                        return -1;
                    }
                    line = (sku(product) + (all ? ",WH-" + w : "") + "," + onHand.applyAsLong(product, w) + ","
                            + allocated(product, w) + ",0" + (400000000000L + product) + ",MPN-" + product + "\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    if (!all || ++w == warehouses) {
                        w = all ? 0 : warehouse;
                        product += merchants;
                    }
                    at = 0;
                }
                return line[at++];
            }
        };
    }

    /**
     * Single changes, timed from the ingest call to the moment the simulated cart is set, while a background load
     * changes other products at {@code loadPerSecond}.
     */
    private Histogram latency() throws Exception {
        Histogram histogram = new Histogram(60_000, 3);
        long latencyStarted = System.nanoTime();
        List<long[]> slowest = new ArrayList<>(); // {ms, seconds into the phase}
        Map<String, long[]> probes = new ConcurrentHashMap<>();
        shop.onSet((sku, quantity) -> {
            long[] probe = probes.get(sku);
            if (probe != null && probe[0] == quantity) {
                long millis = Math.min(60_000, (System.nanoTime() - probe[1]) / 1_000_000);
                synchronized (histogram) {
                    histogram.recordValueWithExpectedInterval(millis, PROBE_INTERVAL_MS);
                    slowest.add(new long[] {millis, (probe[1] - latencyStarted) / 1_000_000_000});
                }
                probes.remove(sku);
            }
        });
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong round = new AtomicLong();
        int background = Math.max(1, products - 1000);
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        int perTick = Math.max(1, loadPerSecond / 10);
        load.scheduleAtFixedRate(() -> {
            long r = round.incrementAndGet();
            Map<String, StringJoiner> itemsByMerchant = new LinkedHashMap<>();
            for (int i = 0; i < perTick; i++) {
                int p = (int) ((r * perTick + i) % background);
                itemsByMerchant.computeIfAbsent(merchant(p), id -> new StringJoiner(","))
                        .add("{\"sku\":\"" + sku(p) + "\",\"onHand\":" + (50 + (r + i) % 50) + "}");
            }
            try {
                for (Map.Entry<String, StringJoiner> items : itemsByMerchant.entrySet()) {
                    send("POST", ingest.url() + "/api/merchants/" + items.getKey() + "/inventory", "application/json",
                            "{\"warehouseId\":\"WH-0\",\"items\":[" + items.getValue() + "]}");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the phase is over: shutdownNow stopped the send under way
            } catch (Exception e) {
                System.err.println("background load: " + e);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        // a probe is due every PROBE_INTERVAL_MS: its latency counts from when it was due, not from when it could be
        // sent (a slow answer delays the next probe, and that delay is the pipeline's); HdrHistogram fills in the
        // probes a long stall kept from being sent (coordinated omission)
        long probesStarted = System.nanoTime();
        long probeCount = latencySeconds * 1000L / PROBE_INTERVAL_MS;
        for (int n = 0; n < probeCount && running.get(); n++) {
            long due = probesStarted + n * PROBE_INTERVAL_MS * 1_000_000;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int p = background + (n % Math.min(1000, products - background));
            String sku = sku(p);
            long quantity = 1000 + n;
            // what the cart should show: the probe's new WH-0 figure plus the others, still from run 3
            long others = 0;
            for (int w = 1; w < warehouses; w++) {
                others += changedOnHand(trials - 1).applyAsLong(p, w) - allocated(p, w);
            }
            probes.put(sku, new long[] {quantity + others, due});
            send("POST", ingest.url() + "/api/merchants/" + merchant(p) + "/inventory", "application/json",
                    "{\"warehouseId\":\"WH-0\",\"items\":[{\"sku\":\"" + sku + "\",\"onHand\":" + quantity + "}]}");
        }
        load.shutdownNow();
        awaitTrue(probes::isEmpty);
        synchronized (histogram) {
            slowest.sort((a, b) -> Long.compare(b[0], a[0]));
            say("  slowest probes (ms @ second sent): %s", String.join(", ", slowest.stream().limit(8)
                    .map(s -> s[0] + " @ " + s[1]).toList()));
        }
        return histogram;
    }

    /**
     * Waits until cart-push-service and diagnostics-service have read every table to its end (their table readers
     * commit positions every few seconds), so that the latency probes do not queue behind the last run.
     */
    private void awaitTablesRead(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            awaitTrue(() -> {
                for (String group : List.of("cart-push-service", "diagnostics-service")) {
                    var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    var ends = admin.listOffsets(committed.keySet().stream()
                            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
                    for (var end : ends.entrySet()) {
                        var position = committed.get(end.getKey());
                        if (position == null || position.offset() < end.getValue().offset()) {
                            return false;
                        }
                    }
                }
                return true;
            });
        }
    }

    /** Produces and consumes the same number of records of the same size with plain kafka-clients. */
    private double rawKafka(String bootstrap, long records, int trial) throws Exception {
        byte[] value = EventJson.write(new AvailableQuantityObserved(MERCHANT, "WH-0", "SKU-000000", "SKU-000000",
                40, 2, 38, Instant.now(), "6b1b3b1e-3a5f-4c41-9d38-2f1c1b9f0c11"));
        String topic = "bench.raw.v1-" + trial;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        long started = System.nanoTime();
        // a send the broker refuses is counted, not waited for: the consumer reads what was acknowledged
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, MERCHANT + "/P-" + (i % products), value), (sent, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        long acknowledged = records - failed.get();
        long consumed = 0;
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + trial, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (consumed < acknowledged) {
                consumed += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        if (failed.get() > 0) {
            say("  raw Kafka, trial %d: the broker refused %d of %d sends (first: %s); the rate counts the %d it took",
                    trial + 1, failed.get(), records, firstFailure.get(), acknowledged);
        }
        return acknowledged / seconds(started);
    }

    /**
     * Kafka's own tools on the same broker, each in a JVM of its own (as the services are): ProducerPerformance
     * sends {@code records} records of the size of an available-quantity event, acks=all as the services send,
     * ConsumerPerformance reads them back. @return {produced, consumed} records/s
     */
    private double[] kafkaTools(String bootstrap, long records, int trial) throws Exception {
        String topic = "bench.tools.v1-" + trial;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        int recordSize = EventJson.write(new AvailableQuantityObserved(MERCHANT, "WH-0", "SKU-000000", "SKU-000000",
                40, 2, 38, Instant.now(), "6b1b3b1e-3a5f-4c41-9d38-2f1c1b9f0c11")).length;
        String produced = tool("org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records",
                String.valueOf(records), "--record-size", String.valueOf(recordSize), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "linger.ms=5");
        String consumed = tool("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                "--topic", topic, "--messages", String.valueOf(records), "--timeout", "120000");
        var producedRate = java.util.regex.Pattern.compile("([0-9.]+) records/sec").matcher(produced);
        double producer = Double.NaN;
        while (producedRate.find()) {
            producer = Double.parseDouble(producedRate.group(1)); // the last line: the whole run
        }
        // ConsumerPerformance: a header, then start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, …
        double consumer = Double.NaN;
        for (String line : consumed.split("\n")) {
            String[] fields = line.split(",\\s*");
            if (fields.length >= 6 && fields[5].matches("[0-9.]+")) {
                consumer = Double.parseDouble(fields[5]);
            }
        }
        if (Double.isNaN(producer) || Double.isNaN(consumer)) {
            throw new IllegalStateException("Kafka's tools answered nothing to read: " + produced + consumed);
        }
        return new double[] {producer, consumer};
    }

    /** Runs a Kafka tool's main class in a JVM of its own, on this JVM's class path; @return what it printed. */
    private String tool(String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(mainClass + " failed: " + output);
        }
        return output;
    }

    /** Run 2's on-hand figures in trial {@code trial}: every one differs from the trial before's. */
    private static LongBinaryOperator changedOnHand(int trial) {
        return (p, w) -> 11 + trial + (p * 7 + w) % 45;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static long allocated(int product, int warehouse) {
        return (product + warehouse) % 3;
    }

    private static String sku(int product) {
        return "SKU-%06d".formatted(product);
    }

    private void send(String method, String url, String type, String body) throws IOException, InterruptedException {
        admin.send(method, url, type, body);
    }

    private String get(String url) throws IOException, InterruptedException {
        return admin.get(url);
    }

    private void awaitTrue(AdminHttp.Check check) throws Exception {
        admin.awaitTrue(check);
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private void say(String format, Object... args) {
        String line = format.formatted(args);
        System.out.println(line);
        report.add("- " + line);
    }

    private static List<String> concat(List<String> list, String... more) {
        List<String> all = new ArrayList<>(list);
        all.addAll(List.of(more));
        return all;
    }

}
