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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongBinaryOperator;
import java.util.stream.Collectors;

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

import io.invsync.cartpush.simulator.ShopifySimulator;
import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.EventJson;
import io.invsync.localstack.FreePorts;
import io.invsync.localstack.KafkaBroker;

/**
 * The end-to-end benchmark: a WMS snapshot of products × warehouses (with aliases) pushed through the ingest API
 * as CSV into the four services (each in its own JVM) on a real broker, with one Shopify-simulated cart; then the
 * same broker's raw rate with plain kafka-clients, the latency of single changes under a background load, and a
 * second run with nothing changed. Prints a table and writes it to {@code target/benchmark.md}.
 *
 * <p>{@code ./mvnw -q -pl local-stack -am -DskipTests -Pbenchmark install exec:exec}; sizes by
 * {@code -Dbench.products=200000 -Dbench.warehouses=5 -Dbench.latencySeconds=60 -Dbench.loadPerSecond=1000}.
 */
public final class Benchmark {

    private static final String ADMIN_KEY = "bench-admin-key";
    private static final String SHOP_TOKEN = "shpat_bench_token";
    private static final String MERCHANT = "bench";
    private static final String CART = "bench-shop";

    private final int products = Integer.getInteger("bench.products", 200_000);
    private final int warehouses = Integer.getInteger("bench.warehouses", 5);
    private final int chunkRows = Integer.getInteger("bench.chunkRows", 50_000);
    private final int posters = Integer.getInteger("bench.posters", 2);
    private final int latencySeconds = Integer.getInteger("bench.latencySeconds", 60);
    private final int loadPerSecond = Integer.getInteger("bench.loadPerSecond", 1000);
    /** -Xmx of cart-push-service and diagnostics-service (their state is in RocksDB stores, off the heap). */
    private final String tableHeap = System.getProperty("bench.tableHeap", "512m");
    private final Duration patience = Duration.ofMinutes(Integer.getInteger("bench.patienceMinutes", 30));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> report = new ArrayList<>();
    private ShopifySimulator shop;
    private ServiceProcess ingest;
    private ServiceProcess cartPush;
    private ServiceProcess inventory;

    public static void main(String[] args) throws Exception {
        new Benchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory("invsync-bench");
        Path logs = Path.of("target", "benchmark-logs");
        Files.createDirectories(logs);
        jdk.jfr.Recording recording = null;
        if (Boolean.getBoolean("bench.jfr")) {
            // this JVM holds the broker, the simulated shop and the load: its profile too
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.setDestination(logs.resolve("benchmark.jfr"));
            recording.start();
        }
        int[] ports = FreePorts.take(6);
        say("benchmark: %d products × %d warehouses = %d rows; logs in %s", products, warehouses,
                (long) products * warehouses, logs.toAbsolutePath());
        try (KafkaBroker broker = KafkaBroker.start(work, ports[0], ports[1])) {
            String bootstrap = broker.bootstrapServers();
            shop = new ShopifySimulator(SHOP_TOKEN, 0, System::nanoTime);
            // throughput, not Shopify's rate limit, is measured here: the cart's bucket never runs dry
            shop.bucket(1e12, 1e12);
            for (int p = 0; p < products; p++) {
                shop.addVariant(sku(p), 0);
            }
            List<String> common = List.of("--invsync.kafka.bootstrap-servers=" + bootstrap,
                    "--invsync.admin-key=" + ADMIN_KEY,
                    // the simulated shop listens on loopback, which only an explicit allowance lets a service call
                    "--invsync.outbound.allow=localhost,127.0.0.1");
            ingest = ServiceProcess.start("wms-ingest-service", "io.invsync.ingest.IngestApplication", ports[2],
                    "512m", logs, common);
            inventory = ServiceProcess.start("inventory-service", "io.invsync.inventory.InventoryApplication",
                    ports[3], "256m", logs, concat(common, "--spring.kafka.streams.state-dir=" + work.resolve("streams")));
            cartPush = ServiceProcess.start("cart-push-service", "io.invsync.cartpush.CartPushApplication", ports[4],
                    tableHeap, logs, concat(common, "--INVSYNC_SECRET_BENCH_SHOP=" + SHOP_TOKEN,
                            "--spring.kafka.streams.state-dir=" + work.resolve("cart-push-streams"),
                            "--INVSYNC_SECRET_GRANTS=BENCH_SHOP=" + MERCHANT,
                            // named, as a deployment names it: a restart takes its partitions back at once
                            "--INVSYNC_INSTANCE_ID=cart-push-1",
                            // as with the bucket: the pipeline is measured, not a pause between calls
                            "--invsync.shopify.minimum-call-interval=PT0S"));
            ServiceProcess diagnostics = ServiceProcess.start("diagnostics-service",
                    "io.invsync.diagnostics.DiagnosticsApplication", ports[5], tableHeap, logs,
                    concat(common, "--spring.kafka.streams.state-dir=" + work.resolve("diagnostics-streams")));
            List<ServiceProcess> services = List.of(ingest, inventory, cartPush, diagnostics);
            Instant starting = Instant.now();
            for (ServiceProcess service : services) {
                service.awaitHealthy(Duration.ofMinutes(3));
            }
            say("services up in %d s", Duration.between(starting, Instant.now()).toSeconds());
            try {
                setUp();
                measure(services, bootstrap);
            } finally {
                for (ServiceProcess service : services) {
                    service.close();
                }
                cartPush.close(); // the restarted one, if it was restarted
                shop.close();
            }
        }
        if (recording != null) {
            recording.stop();
            recording.close();
        }
        Files.writeString(Path.of("target", "benchmark.md"), String.join("\n", report) + "\n");
    }

    private void setUp() throws Exception {
        send("PUT", ingest.url() + "/api/merchants/" + MERCHANT, "application/json",
                "{\"name\":\"Benchmark\",\"inventorySync\":\"AUTOMATIC\"}");
        send("PUT", cartPush.url() + "/api/carts/" + CART, "application/json", """
                {"merchantId":"%s","type":"SHOPIFY","baseUrl":"%s","location":"%s","credentialsRef":"BENCH_SHOP",
                 "syncWarehouse":"ALL","pushAlias":"SKU","minimumInventoryLevel":0}"""
                .formatted(MERCHANT, shop.baseUrl(), ShopifySimulator.LOCATION));
    }

    private void measure(List<ServiceProcess> services, String bootstrap) throws Exception {
        long rows = (long) products * warehouses;

        // run 1: the first snapshot; the cart's items are not known yet, so the connector looks them up
        Run first = snapshot(1, (p, w) -> 10 + (p + w) % 40);
        say("run 1 (first load, items looked up): %d rows in %.1f s = %.0f rows/s; %d mutations, %d searches",
                rows, first.seconds(), rows / first.seconds(), first.mutations, first.searches);

        Instant refreshing = Instant.now();
        send("POST", cartPush.url() + "/api/carts/" + CART + "/catalog-refresh", null, null);
        awaitTrue(() -> get(cartPush.url() + "/api/carts/" + CART + "/catalog-refresh").contains("SUCCEEDED"));
        say("catalog refresh of %d SKUs: %.1f s", products, seconds(refreshing));

        // run 2: every quantity changes; the catalog is known, so only mutations are needed
        int before = shop.calls(ShopifySimulator.SEARCH);
        Run changed = snapshot(2, (p, w) -> 11 + (p * 7 + w) % 45);
        double rowsPerSecond = rows / changed.seconds();
        say("run 2 (every quantity changed): %d rows in %.1f s = %.0f rows/s; %d mutations (%.1f per 10,000 SKUs), "
                + "%d searches", rows, changed.seconds(), rowsPerSecond, changed.mutations,
                changed.mutations * 10_000.0 / products, shop.calls(ShopifySimulator.SEARCH) - before);

        // run 3: the same quantities again, observed later: nothing to push
        Run unchanged = snapshot(3, (p, w) -> 11 + (p * 7 + w) % 45);
        say("run 3 (nothing changed): %d rows in %.1f s; %d cart calls", rows, unchanged.seconds(),
                unchanged.mutations + unchanged.searches);

        Instant settling = Instant.now();
        awaitTablesRead(bootstrap);
        say("  cart-push and diagnostics had read every table to its end %.1f s after run 3", seconds(settling));
        Histogram latency = latency();
        say("latency under %d changes/s for %d s: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (%d samples)",
                loadPerSecond, latencySeconds, latency.getValueAtPercentile(50), latency.getValueAtPercentile(90),
                latency.getValueAtPercentile(99), latency.getMaxValue(), latency.getTotalCount());

        double raw = rawKafka(bootstrap, rows);
        say("raw Kafka on the same broker: %d records produced and consumed at %.0f records/s; pipeline ÷ raw = %.0f%%",
                rows, raw, 100 * rowsPerSecond / raw);

        ServiceProcess restarted = killAndRestartCartPush();
        for (ServiceProcess service : services) {
            ServiceProcess shown = service == cartPush ? restarted : service;
            say("peak heap %-20s %4d MB", shown.name, shown.peakHeapBytes() / (1024 * 1024));
        }
    }

    /**
     * {@code kill -9} of cart-push-service, then started again on its state directory: the time until it is ready
     * (its stores restored), and until a change posted right after the kill reaches the cart.
     */
    private ServiceProcess killAndRestartCartPush() throws Exception {
        String sku = sku(0);
        Instant killed = Instant.now();
        cartPush = cartPush.killAndRestart();
        long quantity = postOne(0, 500);
        cartPush.awaitHealthy(Duration.ofMinutes(3));
        double ready = seconds(killed);
        awaitTrue(() -> Long.valueOf(quantity).equals(shop.available(sku)));
        say("kill -9 of cart-push-service: ready again after %.1f s, a change posted at the kill reached the cart "
                + "after %.1f s", ready, seconds(killed));
        return cartPush;
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
                            + "/api/merchants/" + MERCHANT + "/inventory?warehouseId=WH-" + w + "&observedAt=" + observedAt))
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
        for (int w = 0; w < warehouses; w++) {
            for (int from = 0; from < products; from += chunkRows) {
                int warehouse = w;
                int start = from;
                int end = Math.min(products, from + chunkRows);
                posts.add(pool.submit(() -> postCsv(warehouse, start, end, observedAt, onHand)));
            }
        }
        for (Future<?> post : posts) {
            post.get();
        }
        pool.shutdown();
        say("  run %d: ingest accepted every row after %.1f s", number, (System.nanoTime() - started) / 1e9);
        if (number == 3) {
            // nothing should reach the cart: wait until the last row's level has travelled, then for quiet
            // the last product's page of one (the products are keyed by SKU here)
            String page = "/api/merchants/" + MERCHANT + "/products?limit=1&after=" + sku(products - 2);
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

    private Void postCsv(int warehouse, int from, int to, Instant observedAt, LongBinaryOperator onHand)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingest.url() + "/api/merchants/" + MERCHANT
                        + "/inventory?warehouseId=WH-" + warehouse + "&observedAt=" + observedAt))
                .header("Content-Type", "text/csv").header("X-Api-Key", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> csv(warehouse, from, to, onHand))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"SUCCEEDED\"")) {
            throw new IllegalStateException("ingest answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        return null;
    }

    /** A CSV generated while it is sent: neither side holds it whole. */
    private InputStream csv(int warehouse, int from, int to, LongBinaryOperator onHand) {
        return new InputStream() {
            private int product = from - 1;
            private byte[] line = new byte[0];
            private int at;

            @Override
            public int read() {
                while (at >= line.length) {
                    if (product >= to) {
                        return -1;
                    }
                    line = (product < from ? "sku,onHand,allocated,UPC,MPN\n"
                            : sku(product) + "," + onHand.applyAsLong(product, warehouse) + ","
                                    + allocated(product, warehouse) + ",0" + (400000000000L + product) + ",MPN-"
                                    + product + "\n").getBytes(StandardCharsets.US_ASCII);
                    product++;
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
                    histogram.recordValue(millis);
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
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < perTick; i++) {
                int p = (int) ((r * perTick + i) % background);
                items.append(i == 0 ? "" : ",").append("{\"sku\":\"").append(sku(p)).append("\",\"onHand\":")
                        .append(50 + (r + i) % 50).append('}');
            }
            try {
                send("POST", ingest.url() + "/api/merchants/" + MERCHANT + "/inventory", "application/json",
                        "{\"warehouseId\":\"WH-0\",\"items\":[" + items + "]}");
            } catch (Exception e) {
                System.err.println("background load: " + e.getMessage());
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        Instant end = Instant.now().plusSeconds(latencySeconds);
        int n = 0;
        while (Instant.now().isBefore(end) && running.get()) {
            int p = background + (n % Math.min(1000, products - background));
            String sku = sku(p);
            long quantity = 1000 + n;
            // what the cart should show: the probe's new WH-0 figure plus the others, still from run 3
            long others = 0;
            for (int w = 1; w < warehouses; w++) {
                others += 11 + (p * 7 + w) % 45 - allocated(p, w);
            }
            probes.put(sku, new long[] {quantity + others, System.nanoTime()});
            send("POST", ingest.url() + "/api/merchants/" + MERCHANT + "/inventory", "application/json",
                    "{\"warehouseId\":\"WH-0\",\"items\":[{\"sku\":\"" + sku + "\",\"onHand\":" + quantity + "}]}");
            n++;
            Thread.sleep(200);
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
    private double rawKafka(String bootstrap, long records) throws Exception {
        byte[] value = EventJson.write(new AvailableQuantityObserved(MERCHANT, "WH-0", "SKU-000000", "SKU-000000",
                40, 2, 38, Instant.now(), "6b1b3b1e-3a5f-4c41-9d38-2f1c1b9f0c11"));
        String topic = "bench.raw.v1";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        long started = System.nanoTime();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, MERCHANT + "/P-" + (i % products), value));
            }
            producer.flush();
        }
        long consumed = 0;
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-raw", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (consumed < records) {
                consumed += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        return records / seconds(started);
    }

    private static long allocated(int product, int warehouse) {
        return (product + warehouse) % 3;
    }

    private static String sku(int product) {
        return "SKU-%06d".formatted(product);
    }

    private void send(String method, String url, String type, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void awaitTrue(Check check) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not reached within " + patience);
            }
            Thread.sleep(200);
        }
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
