package io.invsync.localstack.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.invsync.events.CartType;
import io.invsync.localstack.FreePorts;
import io.invsync.localstack.KafkaBroker;

/**
 * Cart calls per 10,000 changed SKUs through the whole pipeline, for each cart type, and the wall time at each
 * vendor's documented rate limit (issue 14). A real broker and the four services (each in its own JVM, as in the
 * benchmark); one cart per type on its vendor's simulator, seeded with {@code vendor.skus} items. invsync first learns
 * each catalog (a first load, not counted, with the connectors' pauses between calls off so that Amazon's 10,000
 * existence checks do not take 33 minutes); cart-push-service is then restarted with its production settings, and
 * for each vendor one snapshot of one warehouse changes every SKU's quantity: the calls the simulator received from
 * that post until the cart holds every new quantity (and the calls were over), and the time that took. Once with the
 * simulator answering every call, then once per documented limit that the simulator then enforces. Prints a table
 * and writes it to {@code target/vendor-calls.md}.
 *
 * <p>{@code ./mvnw -q -pl local-stack -am -DskipTests -Pvendor-calls install exec:exec}; {@code -Dvendor.skus=10000},
 * {@code -Dvendor.types=SHOPIFY,AMAZON} (all six), {@code -Dvendor.amazonPatchSkus=500} (the PATCH path's run, scaled
 * to 10,000), {@code -Dvendor.amazonFeedSeconds=300} (how long the simulated Amazon takes over a feed under the limit).
 */
public final class VendorCalls {

    private static final String ADMIN_KEY = "vendor-calls-admin-key";
    private static final String WAREHOUSE = "WH-1";
    private static final int PER_10K = 10_000;
    private static final List<String> CONNECTORS = List.of("shopify", "bigcommerce", "woocommerce", "amazon",
            "magento", "webhook");

    private final int skus = Integer.getInteger("vendor.skus", PER_10K);
    private final Duration feedProcessing = Duration.ofSeconds(Integer.getInteger("vendor.amazonFeedSeconds", 300));
    private final List<CartType> types = Arrays.stream(System.getProperty("vendor.types",
            "SHOPIFY,BIGCOMMERCE,WOOCOMMERCE,MAGENTO,AMAZON,WEBHOOK").split(",")).map(String::strip)
            .map(CartType::valueOf).toList();
    private final AdminHttp admin = new AdminHttp(ADMIN_KEY, Duration.ofMinutes(40));
    private final Path logs = Path.of("target", "vendor-calls-logs");
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<VendorCart> carts = new ArrayList<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private ServiceProcess ingest;
    private ServiceProcess cartPush;

    public static void main(String[] args) throws Exception {
        new VendorCalls().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory("invsync-vendor-calls");
        Files.createDirectories(logs);
        int[] ports = FreePorts.take(6);
        say("vendor calls: %,d SKUs per cart, carts %s; logs in %s", skus, types, logs.toAbsolutePath());
        for (CartType type : types) {
            VendorCart cart = VendorCart.of(type, skus, feedProcessing);
            carts.add(cart);
            for (int i = 0; i < skus; i++) {
                cart.seed(sku(i), quantity(i, 0));
            }
            cart.seeded();
        }
        try (KafkaBroker broker = KafkaBroker.start(work, ports[0], ports[1])) {
            List<String> common = ServiceProcess.pipelineArgs(broker.bootstrapServers(), ADMIN_KEY);
            ingest = ServiceProcess.start("wms-ingest-service", "io.invsync.ingest.IngestApplication", ports[2],
                    "512m", logs, common);
            services.add(ingest);
            services.add(ServiceProcess.start("inventory-service", "io.invsync.inventory.InventoryApplication",
                    ports[3], "256m", logs, with(common, stateDir(work, "inventory-service"))));
            services.add(ServiceProcess.start("diagnostics-service", "io.invsync.diagnostics.DiagnosticsApplication",
                    ports[5], "512m", logs, with(common, stateDir(work, "diagnostics-service"),
                            "--INVSYNC_ADVERTISED_HOST=localhost")));
            cartPush = startCartPush(ports[4], work, common, true);
            ServiceProcess.stopAtExit(this::services);
            try {
                Instant starting = Instant.now();
                for (ServiceProcess service : services()) {
                    service.awaitHealthy(Duration.ofMinutes(10));
                }
                say("services up in %.1f s", seconds(starting));
                for (VendorCart cart : carts) {
                    admin.send("PUT", ingest.url() + "/api/merchants/" + cart.merchantId, "application/json",
                            "{\"name\":\"Vendor calls " + cart + "\",\"inventorySync\":\"AUTOMATIC\"}");
                    admin.send("PUT", cartPush.url() + "/api/carts/" + cart.cartId, "application/json",
                            cart.settings());
                }
                learnCatalogs();
                Instant restarting = Instant.now();
                cartPush.close();
                cartPush = startCartPush(ports[4], work, common, false);
                cartPush.awaitHealthy(Duration.ofMinutes(10));
                say("cart-push-service restarted with its production settings in %.1f s", seconds(restarting));
                int run = 2;
                for (VendorCart cart : carts) {
                    run = measure(cart, run);
                }
                for (VendorCart cart : carts) {
                    say("%s: %d requests that the vendor's published spec does not allow%s", cart,
                            cart.specViolations().size(), cart.specViolations().isEmpty() ? ""
                                    : " (first: " + cart.specViolations().get(0) + ")");
                }
            } finally {
                for (ServiceProcess service : services()) {
                    service.close();
                }
                carts.forEach(VendorCart::close);
            }
        }
        String table = table();
        System.out.println(table);
        Files.writeString(Path.of("target", "vendor-calls.md"), table);
    }

    private List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>(services);
        all.add(cartPush);
        return all;
    }

    /**
     * cart-push-service with every cart's secret granted to its merchant. {@code learning}: no pause between a cart's
     * calls and a feed's status asked for every second — for the first load only, which is not counted.
     */
    private ServiceProcess startCartPush(int port, Path work, List<String> common, boolean learning)
            throws IOException {
        List<String> args = new ArrayList<>(common);
        for (VendorCart cart : carts) {
            args.add("--INVSYNC_SECRET_" + cart.credentialsRef + "=" + cart.secret());
            if (cart.type == CartType.AMAZON) {
                // the simulated account is also its own Login with Amazon
                args.add("--invsync.amazon.token-url=" + cart.baseUrl());
            }
        }
        args.add("--INVSYNC_SECRET_GRANTS=" + carts.stream().map(cart -> cart.credentialsRef + "=" + cart.merchantId)
                .collect(Collectors.joining(";")));
        args.add("--INVSYNC_INSTANCE_ID=cart-push-1");
        args.add("--INVSYNC_ADVERTISED_HOST=localhost");
        args.add(stateDir(work, "cart-push-service"));
        if (learning) {
            CONNECTORS.forEach(connector -> args.add("--invsync." + connector + ".minimum-call-interval=PT0S"));
            args.add("--invsync.amazon.feed-poll-interval=PT1S");
        }
        return ServiceProcess.start(learning ? "cart-push-service-learning" : "cart-push-service",
                "io.invsync.cartpush.CartPushApplication", port, "512m", logs, args);
    }

    /**
     * Run 1 of every cart at once (each item looked up in its cart and given its first quantity), then a catalog
     * refresh of each.
     */
    private void learnCatalogs() throws Exception {
        Instant started = Instant.now();
        List<Map<String, Integer>> before = carts.stream().map(VendorCart::calls).toList();
        for (VendorCart cart : carts) {
            post(cart, skus, 1);
        }
        for (VendorCart cart : carts) {
            awaitQuantities(cart, skus, 1);
        }
        // the catalog read that follows a first load (as in the benchmark): each item's quantity in the cart read back,
        // which a compare-and-set (Shopify's changeFromQuantity) starts from once the restart has emptied the memory
        // of what invsync set
        for (VendorCart cart : carts) {
            admin.send("POST", cartPush.url() + "/api/carts/" + cart.cartId + "/catalog-refresh", null, null);
        }
        for (VendorCart cart : carts) {
            admin.awaitTrue(() -> admin.get(cartPush.url() + "/api/carts/" + cart.cartId + "/catalog-refresh")
                    .contains("SUCCEEDED"));
        }
        say("catalogs learned (first load and catalog refresh, not counted) in %.1f s", seconds(started));
        for (int c = 0; c < carts.size(); c++) {
            awaitQuiet(carts.get(c));
            say("  %s first load: %s", carts.get(c), compact(difference(before.get(c), carts.get(c).calls()), 1));
        }
    }

    /** The run without a limit, then one per documented limit; returns the next run's number. */
    private int measure(VendorCart cart, int run) throws Exception {
        row(cart, "none: the simulator answers every call", cart.noLimit() == null ? "—" : cart.noLimit(), skus,
                run++);
        for (VendorCart.Limit limit : cart.limits()) {
            limit.apply().run();
            try {
                row(cart, limit.name(), limit.source(), limit.skus() == 0 ? skus : limit.skus(), run++);
            } finally {
                cart.unlimited();
            }
        }
        return run;
    }

    /**
     * One snapshot changing the first {@code changed} SKUs: the calls from the post until the cart holds every new
     * quantity and its calls have stopped, and the time until it held them.
     */
    private void row(VendorCart cart, String limit, String source, int changed, int run) throws Exception {
        Map<String, Integer> before = cart.calls();
        long started = System.nanoTime();
        post(cart, changed, run);
        awaitQuantities(cart, changed, run);
        double wall = (System.nanoTime() - started) / 1e9;
        awaitQuiet(cart);
        Map<String, Integer> calls = difference(before, cart.calls());
        double scale = (double) PER_10K / changed;
        int total = calls.values().stream().mapToInt(Integer::intValue).sum();
        String time = changed == PER_10K ? "%.1f s".formatted(wall)
                : "%.1f s for %,d SKUs; ≈ %.0f s for 10,000 (scaled)".formatted(wall, changed, wall * scale);
        String perTenK = changed == PER_10K ? compact(calls, 1)
                : compact(calls, scale) + " (scaled from %,d SKUs: %s)".formatted(changed, compact(calls, 1));
        say("%s, limit %s: %,d SKUs changed in %.1f s; %d calls: %s", cart, limit, changed, wall, total,
                compact(calls, 1));
        rows.add("| %s | %s | %,d | %s | **%,.0f** | %s | %s |".formatted(cart, limit, changed, perTenK,
                total * scale, time, cart.connectorAlone));
        if (!"—".equals(source)) {
            notes.add("- %s, %s: %s".formatted(cart, limit, source));
        }
    }

    /** Posts run {@code run}'s quantities of the first {@code count} SKUs as one CSV of the one warehouse. */
    private void post(VendorCart cart, int count, int run) throws Exception {
        StringBuilder csv = new StringBuilder("sku,onHand,allocated\n");
        for (int i = 0; i < count; i++) {
            csv.append(sku(i)).append(',').append(quantity(i, run)).append(",0\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.US_ASCII);
        admin.postCsv(ingest.url() + "/api/merchants/" + cart.merchantId + "/inventory?warehouseId=" + WAREHOUSE
                + "&observedAt=" + Instant.now(), () -> new ByteArrayInputStream(body));
    }

    private void awaitQuantities(VendorCart cart, int count, int run) throws Exception {
        admin.awaitTrue(() -> {
            for (int i = count - 1; i >= 0; i--) {
                if (!Long.valueOf(quantity(i, run)).equals(cart.quantity(sku(i)))) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Until no call has arrived for 5 s: a feed's report is read after its quantities are in the cart, and a
     * throttled call may come once more.
     */
    private static void awaitQuiet(VendorCart cart) throws InterruptedException {
        int total = -1;
        while (total != total(cart.calls())) {
            total = total(cart.calls());
            Thread.sleep(5_000);
        }
    }

    private static int total(Map<String, Integer> calls) {
        return calls.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Map<String, Integer> difference(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, Integer> difference = new LinkedHashMap<>();
        after.forEach((kind, count) -> difference.put(kind, count - before.getOrDefault(kind, 0)));
        return difference;
    }

    /** {@code kind n, kind m}: the kinds that were called, each count times {@code scale}. */
    private static String compact(Map<String, Integer> calls, double scale) {
        String called = calls.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> "%s %,.0f".formatted(e.getKey(), e.getValue() * scale)).collect(Collectors.joining(", "));
        return called.isEmpty() ? "none" : called;
    }

    private String table() {
        List<String> lines = new ArrayList<>(List.of("# Cart calls per 10,000 changed SKUs through the pipeline", "",
                "%,d SKUs per cart, one warehouse, every SKU's quantity changed once; the catalog learned before "
                        .formatted(skus) + "(first load not counted); cart-push-service with its production "
                        + "settings (each connector's pause between calls). Wall time: from the snapshot's post "
                        + "until the cart holds every new quantity.", "",
                "| cart | limit applied | SKUs changed | calls per 10,000 changed SKUs, by kind | total per 10,000 "
                        + "| wall time | connector alone, full batches (README) |",
                "|---|---|---|---|---|---|---|"));
        lines.addAll(rows);
        lines.add("");
        lines.add("Limits and where their figures come from:");
        lines.addAll(notes);
        lines.add("");
        lines.add("Run log:");
        lines.addAll(log);
        return String.join("\n", lines) + "\n";
    }

    private final List<String> log = new ArrayList<>();

    private void say(String format, Object... args) {
        String line = format.formatted(args);
        System.out.println(line);
        log.add("- " + line);
    }

    /** Run {@code run}'s quantity of SKU {@code i}: above 0 (a 0 is PATCHed on Amazon whatever the batch) and
     * different from every other run's. */
    private static long quantity(int i, int run) {
        return 1 + i % 50 + 100L * run;
    }

    private static String sku(int i) {
        return "VC-%05d".formatted(i);
    }

    private static String stateDir(Path work, String service) {
        return "--spring.kafka.streams.state-dir=" + work.resolve(service + "-state");
    }

    private static List<String> with(List<String> list, String... more) {
        List<String> all = new ArrayList<>(list);
        all.addAll(List.of(more));
        return all;
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
