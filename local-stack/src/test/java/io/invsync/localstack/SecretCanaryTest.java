package io.invsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import io.invsync.simulator.AmazonSimulator;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.invsync.ingest.security.SignedPushFilter;

/**
 * A canary secret as a cart's token and as a merchant's WMS key: after a full run (a signed push, a catalog read,
 * pushes to the cart, a failed signature) it is in no topic, no log line and no API response.
 */
class SecretCanaryTest {

    private final List<String> responses = new ArrayList<>();

    @Test
    void theSecretsAppearInNoTopicNoLogLineAndNoResponse() throws Exception {
        SharedStack stack = SharedStack.get();
        String body = "{\"warehouseId\":\"W1\",\"items\":[{\"sku\":\"CANARY-1\",\"onHand\":4},{\"sku\":\"CANARY-2\","
                + "\"onHand\":-4}]}";
        call(stack.send("PUT", stack.ingest + "/api/merchants/canary", "application/json", """
                {"inventorySync":"AUTOMATIC","wms":{"type":"HTTP_JSON","url":"http://127.0.0.1:9/wms",
                 "credentialsRef":"%s"}}""".formatted(SharedStack.WMS_REF), SharedStack.ADMIN_KEY));
        call(stack.send("PUT", stack.cartPush + "/api/carts/canary-shop", "application/json", """
                {"merchantId":"canary","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"%s"}"""
                .formatted(stack.cart.url(), SharedStack.CART_REF), SharedStack.ADMIN_KEY));
        var signed = java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.ingest
                        + "/api/merchants/canary/inventory"))
                .header("Content-Type", "application/json")
                .header("X-Invsync-Signature", SignedPushFilter.sign(SharedStack.WMS_SECRET,
                        java.time.Instant.now().getEpochSecond(), "POST", "/api/merchants/canary/inventory",
                        body.getBytes(StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> accepted = java.net.http.HttpClient.newHttpClient().send(signed,
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);
        responses.add(accepted.body());
        call(stack.send("POST", stack.ingest + "/api/merchants/canary/inventory", "application/json", body, null));
        await().atMost(Duration.ofSeconds(60)).until(() -> Long.valueOf(4).equals(stack.cart.quantity("CANARY-1")));
        call(stack.send("POST", stack.cartPush + "/api/carts/canary-shop/catalog-refresh", null, null,
                SharedStack.ADMIN_KEY));
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.send("GET", stack.cartPush
                + "/api/carts/canary-shop/catalog-refresh", null, null, SharedStack.ADMIN_KEY).body()
                .contains("SUCCEEDED"));
        for (String url : List.of(stack.ingest + "/api/merchants/canary", stack.ingest
                        + "/api/merchants/canary/inventory-runs", stack.cartPush + "/api/carts/canary-shop",
                stack.cartPush + "/api/carts/canary-shop/product-sync", stack.cartPush
                        + "/api/carts/canary-shop/catalog-refresh", stack.diagnostics
                        + "/api/diagnostics/merchants/canary/carts/canary-shop/skus/CANARY-1", stack.diagnostics
                        + "/api/diagnostics/merchants/canary", stack.inventory + "/api/merchants/canary/products",
                stack.cartPush + "/actuator/prometheus", stack.ingest + "/v3/api-docs")) {
            call(stack.send("GET", url, null, null, SharedStack.READ_KEY));
        }

        // the vendor carts' secrets too: CartTypesEndToEndTest sends them, in this JVM, when it runs first
        Set<String> secrets = new java.util.HashSet<>(SimulatedCart.SECRETS.values());
        secrets.addAll(List.of(SharedStack.CART_SECRET, SharedStack.WMS_SECRET, SharedStack.AMAZON_REFRESH_TOKEN,
                SharedStack.AMAZON_CLIENT_SECRET, SimulatedCart.Amazon.REFRESH_TOKEN, AmazonSimulator.CLIENT_SECRET));
        for (String response : responses) {
            secrets.forEach(secret -> assertThat(response).doesNotContain(secret));
        }
        for (ILoggingEvent event : List.copyOf(stack.logs.list)) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            secrets.forEach(secret -> assertThat(line).as("log line").doesNotContain(secret));
        }
        assertThat(stack.logs.list).as("the log capture works").isNotEmpty();
        int scanned = scanTopics(stack, secrets);
        assertThat(scanned).as("records scanned").isGreaterThan(10);
    }

    /**
     * Carts that refuse every call (401 and 500) and echo the request's headers back in the error fields each
     * vendor's connector quotes: the tokens, the Basic credentials and the webhook signatures they were sent reach
     * no result, reason, diagnostics answer, log line or topic.
     */
    @Test
    void headersEchoedBackByACartThatRefusesTheCallAppearNowhere() throws Exception {
        SharedStack stack = SharedStack.get();
        List<String> sentCredentials = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (EchoCart echo = new EchoCart(sentCredentials)) {
            // the echo cart is also where the Amazon cart's tokens are asked for: it grants a canary one
            stack.loginWithAmazon(SharedStack.AMAZON_REFRESH_TOKEN, echo.url());
            call(stack.send("PUT", stack.ingest + "/api/merchants/canary", "application/json",
                    "{\"inventorySync\":\"AUTOMATIC\"}", SharedStack.ADMIN_KEY));
            Map<String, String> carts = Map.of(
                    "canary-echo-amazon", """
                            {"merchantId":"canary","type":"AMAZON","baseUrl":"%s/s401","location":"A2CANARY/ATVPDKIKX0DER",
                             "credentialsRef":"%s"}""".formatted(echo.url(), SharedStack.AMAZON_ECHO_REF),
                    "canary-echo-woo", """
                            {"merchantId":"canary","type":"WOOCOMMERCE","baseUrl":"%s/s500","credentialsRef":"%s"}"""
                            .formatted(echo.url(), SharedStack.WOO_REF),
                    "canary-echo-hook", """
                            {"merchantId":"canary","type":"WEBHOOK","baseUrl":"%s/s401/hook","credentialsRef":"%s"}"""
                            .formatted(echo.url(), SharedStack.CART_REF));
            carts.forEach((cartId, settings) -> call(send(stack, "PUT", stack.cartPush + "/api/carts/" + cartId,
                    settings, SharedStack.ADMIN_KEY)));
            call(stack.send("POST", stack.ingest + "/api/merchants/canary/inventory", "application/json",
                    "{\"warehouseId\":\"W1\",\"items\":[{\"sku\":\"CANARY-1\",\"onHand\":6}]}",
                    SharedStack.ADMIN_KEY));

            for (String cartId : carts.keySet()) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    String sync = stack.send("GET", stack.cartPush + "/api/carts/" + cartId
                            + "/product-sync?search=CANARY-1", null, null, SharedStack.READ_KEY).body();
                    return sync.contains("\"FAILED\"") || sync.contains("\"REJECTED\"");
                });
                call(stack.send("GET", stack.cartPush + "/api/carts/" + cartId + "/product-sync", null, null,
                        SharedStack.READ_KEY));
                call(stack.send("GET", stack.diagnostics + "/api/diagnostics/merchants/canary/carts/" + cartId
                        + "/skus/CANARY-1", null, null, SharedStack.READ_KEY));
            }
        }
        assertThat(sentCredentials).as("credentials the carts were sent").isNotEmpty();
        Set<String> secrets = new java.util.HashSet<>(sentCredentials);
        secrets.addAll(SimulatedCart.SECRETS.values());
        secrets.addAll(List.of(SharedStack.CART_SECRET, SharedStack.WOO_SECRET, "cs_canary_secret_9e2d",
                SharedStack.AMAZON_REFRESH_TOKEN, SharedStack.AMAZON_CLIENT_SECRET, EchoCart.ACCESS_TOKEN,
                SimulatedCart.Amazon.REFRESH_TOKEN, AmazonSimulator.CLIENT_SECRET,
                java.util.Base64.getEncoder().encodeToString(SharedStack.WOO_SECRET.getBytes(StandardCharsets.UTF_8))));
        for (String response : responses) {
            secrets.forEach(secret -> assertThat(response).as("a response").doesNotContain(secret));
        }
        for (ILoggingEvent event : List.copyOf(stack.logs.list)) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            secrets.forEach(secret -> assertThat(line).as("log line").doesNotContain(secret));
        }
        assertThat(responses).as("the reasons were read").anyMatch(r -> r.contains("ECHO"));
        scanTopics(stack, secrets);
    }

    private static HttpResponse<String> send(SharedStack stack, String method, String url, String body, String key) {
        try {
            return stack.send(method, url, "application/json", body, key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Answers every request with the status its path starts with ({@code /s401…}, {@code /s500…}) and an error
     * body that repeats every request header, in the fields the connectors quote (code/message, title, errors[]).
     */
    private static final class EchoCart implements AutoCloseable {

        static final String ACCESS_TOKEN = "Atza|canary-access-token-2b9d";

        private final com.sun.net.httpserver.HttpServer server;

        EchoCart(List<String> sentCredentials) throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 10);
            // Login with Amazon grants a (canary) access token, so that the Amazon cart's calls reach the echo
            server.createContext("/auth/o2/token", exchange -> {
                byte[] token = ("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"bearer\","
                        + "\"expires_in\":3600}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, token.length);
                exchange.getResponseBody().write(token);
                exchange.close();
            });
            server.createContext("/", exchange -> {
                StringBuilder echoed = new StringBuilder();
                exchange.getRequestHeaders().forEach((name, values) -> values.forEach(value -> {
                    echoed.append(name).append(": ").append(value).append("; ");
                    if (!List.of("accept", "accept-encoding", "content-type", "content-length", "host", "user-agent", "connection",
                            "upgrade", "http2-settings", "traceparent", "tracestate")
                            .contains(name.toLowerCase(java.util.Locale.ROOT))) { // a trace id is no credential
                        sentCredentials.add(value);
                        for (String part : value.split("[ ,;=]+")) {
                            if (part.length() >= 12) {
                                sentCredentials.add(part);
                            }
                        }
                    }
                }));
                String text = echoed.toString().replace("\\", "").replace("\"", "'");
                byte[] body = ("{\"code\":\"ECHO\",\"message\":\"" + text + "\",\"title\":\"" + text
                        + "\",\"errors\":[{\"code\":\"ECHO\",\"message\":\"" + text + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
                int status = exchange.getRequestURI().getPath().startsWith("/s500") ? 500 : 401;
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private void call(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isLessThan(500);
        responses.add(response.body());
    }

    /** Reads every topic (ours, dead letters, Streams' internal ones) from the beginning. */
    private static int scanTopics(SharedStack stack, Set<String> secrets) throws Exception {
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.broker.getBrokersAsString()))) {
            topics = admin.listTopics().names().get();
        }
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", stack.broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "canary-scan", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        int scanned = 0;
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            int emptyPolls = 0;
            while (emptyPolls < 5) {
                var records = consumer.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    scanned++;
                    StringBuilder text = new StringBuilder();
                    text.append(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8));
                    text.append(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
                    for (Header header : record.headers()) {
                        text.append(header.key()).append(new String(header.value(), StandardCharsets.UTF_8));
                    }
                    secrets.forEach(secret -> assertThat(text.toString()).as(record.topic()).doesNotContain(secret));
                }
            }
        }
        return scanned;
    }
}
