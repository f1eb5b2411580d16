package io.invsync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.invsync.simulator.WebhookCartSimulator;
import io.invsync.events.CartType;

/**
 * One broker, one stack of the four services and one simulated cart for all of local-stack's tests (the test JVM
 * is reused across classes), stopped when the JVM ends. The secrets are canaries that must never leak.
 */
final class SharedStack {

    static final String ADMIN_KEY = "stack-admin-key";
    static final String READ_KEY = "stack-read-key";
    static final String CART_SECRET = "canary-cart-secret-5f1e9c";
    static final String WMS_SECRET = "canary-wms-secret-8d2a4b";
    static final String CART_REF = "STACK_CART";
    static final String WMS_REF = "STACK_WMS";
    /** The demo cart's secret (DemoDataTest loads the local stack's demo into this stack). */
    static final String DEMO_CART_SECRET = "canary-demo-cart-secret-2a9c";
    /** A WooCommerce consumer key and secret ({@code key:secret}), sent as HTTP Basic credentials. */
    static final String WOO_SECRET = "ck_canary_key_3b7f:cs_canary_secret_9e2d";
    static final String WOO_REF = "STACK_WOO";
    /** Login with Amazon credentials of the secret canary's Amazon cart (SecretCanaryTest): each value a canary. */
    static final String AMAZON_REFRESH_TOKEN = "Atzr|canary-refresh-7c1d5e";
    static final String AMAZON_CLIENT_SECRET = "canary-lwa-client-secret-4e8f";
    static final String AMAZON_SECRET = "{\"refreshToken\":\"" + AMAZON_REFRESH_TOKEN
            + "\",\"clientId\":\"amzn1.application-oa2-client.canary\",\"clientSecret\":\"" + AMAZON_CLIENT_SECRET
            + "\"}";
    static final String AMAZON_ECHO_REF = "STACK_AMAZON_ECHO";
    /** The merchants of the stack's tests that use the secrets; the vendor carts' own with {@link SimulatedCart}. */
    static final String GRANTS = CART_REF + "=acme,globex,canary,mal,after-poison,victim,attacker,"
            + SimulatedCart.merchantOf(CartType.WEBHOOK) + ";" + WMS_REF + "=canary;" + WOO_REF + "=canary,"
            + SimulatedCart.merchantOf(CartType.WOOCOMMERCE) + ";" + AMAZON_ECHO_REF + "=canary;" + SimulatedCart.GRANTS
            + ";" + DemoData.CART_SECRET_REF + "=" + DemoData.MERCHANT;

    private static SharedStack instance;

    final EmbeddedKafkaBroker broker;
    final WebhookCartSimulator cart;
    final Services services;
    final String ingest;
    final String inventory;
    final String cartPush;
    final String diagnostics;
    /**
     * Login with Amazon for the stack: cart-push-service's {@code invsync.amazon.token-url} (one for the service),
     * passing each token exchange on to the endpoint registered for its refresh token ({@link #loginWithAmazon}).
     */
    private final LoginWithAmazonRouter loginWithAmazon;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Every log event of the stack from its start, to check that no secret was ever logged. */
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    private SharedStack() throws IOException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        broker = new EmbeddedKafkaKraftBroker(1, 3);
        // one broker: the transaction log (exactly-once in inventory- and cart-push-service) on it alone
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        cart = new WebhookCartSimulator(CART_SECRET, 0);
        int[] ports = FreePorts.take(4);
        loginWithAmazon = new LoginWithAmazonRouter();
        // the services run in this JVM: cart-push-service reads it like any property (the others ignore it)
        System.setProperty("invsync.amazon.token-url", loginWithAmazon.url());
        Path state = Files.createTempDirectory("invsync-stack");
        services = Services.start(new Services.Settings(broker.getBrokersAsString(), ADMIN_KEY, READ_KEY, state,
                ports[0], ports[1], ports[2], ports[3], cartSecrets(), Map.of(WMS_REF, WMS_SECRET),
                GRANTS, Services.LOOPBACK));
        ingest = "http://localhost:" + ports[0];
        inventory = "http://localhost:" + ports[1];
        cartPush = "http://localhost:" + ports[2];
        diagnostics = "http://localhost:" + ports[3];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            cart.close();
            loginWithAmazon.close();
            broker.destroy();
        }));
    }

    /** Every secret a cart's credentialsRef names: the stack's own and the vendor carts'. */
    static Map<String, String> cartSecrets() {
        Map<String, String> secrets = new HashMap<>(SimulatedCart.SECRETS);
        secrets.put(CART_REF, CART_SECRET);
        secrets.put(WOO_REF, WOO_SECRET);
        secrets.put(AMAZON_ECHO_REF, AMAZON_SECRET);
        secrets.put(DemoData.CART_SECRET_REF, DEMO_CART_SECRET);
        return Map.copyOf(secrets);
    }

    /** Token exchanges of {@code refreshToken} go to {@code baseUrl}{@code /auth/o2/token} from now on. */
    void loginWithAmazon(String refreshToken, String baseUrl) {
        loginWithAmazon.route(refreshToken, baseUrl);
    }

    static synchronized SharedStack get() throws IOException {
        if (instance == null) {
            instance = new SharedStack();
        }
        return instance;
    }

    HttpResponse<String> send(String method, String url, String contentType, String body, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
