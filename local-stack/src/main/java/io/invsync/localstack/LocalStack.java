package io.invsync.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.invsync.simulator.WebhookCartSimulator;

/**
 * {@code ./mvnw -pl local-stack -am -DskipTests install exec:java}: a Kafka broker in this JVM on 9092 (or the
 * one named by KAFKA_BOOTSTRAP_SERVERS), the four services on 8081–8084, a simulated webhook cart on 8090, and
 * demo data (merchant {@code demo}; INVSYNC_DEMO=false for none). State is kept in INVSYNC_DATA_DIR
 * (default {@code .invsync-data}) and survives a restart. Ctrl-C stops everything.
 */
public final class LocalStack {

    private LocalStack() {
    }

    static final String DEV_ADMIN_KEY = "dev-admin-key";
    static final String DEV_READ_KEY = "dev-read-key";

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        String adminKey = env.getOrDefault("INVSYNC_ADMIN_KEY", DEV_ADMIN_KEY);
        String readKey = env.getOrDefault("INVSYNC_READ_KEY", DEV_READ_KEY);
        boolean demo = !"false".equalsIgnoreCase(env.getOrDefault("INVSYNC_DEMO", "true"));
        Path dataDir = Path.of(env.getOrDefault("INVSYNC_DATA_DIR", ".invsync-data"));
        Files.createDirectories(dataDir);
        String cartSecret = env.getOrDefault("INVSYNC_SECRET_" + DemoData.CART_SECRET_REF, "demo-cart-secret");
        Instant started = Instant.now();

        KafkaBroker broker = null;
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null || bootstrap.isBlank()) {
            System.out.println("invsync: starting Kafka (KRaft) on localhost:9092, data in " + dataDir.toAbsolutePath());
            broker = KafkaBroker.start(dataDir, 9092, 9093);
            bootstrap = broker.bootstrapServers();
        } else {
            System.out.println("invsync: using the Kafka broker at " + bootstrap);
        }

        WebhookCartSimulator cart = new WebhookCartSimulator(cartSecret, 8090);
        cart.knownItems(DemoData.CART_CATALOG);
        Map<String, String> secrets = new HashMap<>();
        if (!env.containsKey("INVSYNC_SECRET_" + DemoData.CART_SECRET_REF)) {
            secrets.put(DemoData.CART_SECRET_REF, cartSecret);
        }
        System.out.println("invsync: starting the four services");
        Services services = Services.start(new Services.Settings(bootstrap, adminKey, readKey, dataDir, 8081, 8082,
                8083, 8084, secrets, Map.of(), grants(env), outboundAllow(env)));

        if (demo) {
            new DemoData(adminKey).load("http://localhost:8081", "http://localhost:8083", cart.url());
        }

        KafkaBroker startedBroker = broker;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\ninvsync: stopping");
            services.close();
            cart.close();
            if (startedBroker != null) {
                startedBroker.close();
            }
            stopped.countDown();
        }, "invsync-stop"));

        System.out.println(banner(adminKey, readKey, cart.url(), demo, Duration.between(started, Instant.now())));
        stopped.await();
    }

    /** The demo cart's secret is granted to the demo merchant; the user's own grants (INVSYNC_SECRET_GRANTS) added. */
    static String grants(Map<String, String> env) {
        String own = env.getOrDefault("INVSYNC_SECRET_GRANTS", "").strip();
        String demo = DemoData.CART_SECRET_REF + "=" + DemoData.MERCHANT;
        return own.isEmpty() ? demo : demo + ";" + own;
    }

    /** Loopback (the simulated cart, a WMS on this machine), and whatever the user allows (INVSYNC_OUTBOUND_ALLOW). */
    static String outboundAllow(Map<String, String> env) {
        String own = env.getOrDefault("INVSYNC_OUTBOUND_ALLOW", "").strip();
        return own.isEmpty() ? Services.LOOPBACK : Services.LOOPBACK + "," + own;
    }

    /**
     * How the banner shows a key: the built-in development default as it is (it is in the README anyway), a key
     * the user chose never (a banner ends up in terminals, screenshots and CI logs).
     */
    static String shown(String key, String developmentDefault, String variable) {
        return key.equals(developmentDefault) ? key : "the key you set in " + variable;
    }

    static String banner(String adminKey, String readKey, String cartUrl, boolean demo, Duration took) {
        String sku = DemoData.SKU_IN_SYNC;
        String curlKey = readKey.equals(DEV_READ_KEY) ? readKey : "$INVSYNC_READ_KEY";
        return """

                invsync is running (ready in %d s)
                  wms-ingest-service   http://localhost:8081  (OpenAPI: /swagger-ui/index.html)
                  inventory-service    http://localhost:8082
                  cart-push-service    http://localhost:8083
                  diagnostics-service  http://localhost:8084  (metrics: /actuator/prometheus)
                  simulated cart       %s  (GET shows its quantities)
                  admin key (writes)   %s
                  read key             %s
                %s
                Ctrl-C stops everything.
                """.formatted(took.toSeconds(), cartUrl, shown(adminKey, DEV_ADMIN_KEY, "INVSYNC_ADMIN_KEY"),
                shown(readKey, DEV_READ_KEY, "INVSYNC_READ_KEY"), demo ? """
                Demo: merchant %s, cart %s with locations %s (all warehouses) and %s (WEST). Why is a SKU (not)
                in sync? Its locations[] shows each location's own sum:
                  curl -s -H "X-Api-Key: %s" http://localhost:8084/api/diagnostics/merchants/%s/carts/%s/skus/%s
                Try also %s (held at 0 by the cart's floor), %s (capped at %d by an override: CHANNEL_RULES),
                %s (a kit of 2 × MUG-CLASSIC + 1 × MUG-TRAVEL: KIT_COMPONENTS names the limiting one) and
                %s (not in the cart).
                """.formatted(DemoData.MERCHANT, DemoData.CART, DemoData.STORE, DemoData.OUTLET, curlKey,
                DemoData.MERCHANT, DemoData.CART, sku, DemoData.SKU_BELOW_FLOOR, DemoData.SKU_CAPPED,
                DemoData.CAPPED_AT, DemoData.SKU_KIT, DemoData.SKU_NOT_IN_CART)
                : "No demo data (INVSYNC_DEMO=false).");
    }
}
