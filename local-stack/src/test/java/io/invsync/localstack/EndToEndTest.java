package io.invsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.invsync.simulator.WebhookCartSimulator;
import io.invsync.diagnostics.explain.CheckId;
import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

/**
 * One SKU through all four services and a real broker: inventory posted to wms-ingest reaches the simulated cart
 * through inventory-service and cart-push-service, and diagnostics-service explains it. Remove any one service
 * and the cart never gets the quantity.
 */
class EndToEndTest {

    private static final String ADMIN_KEY = SharedStack.ADMIN_KEY;
    private static final String READ_KEY = SharedStack.READ_KEY;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private WebhookCartSimulator cart;
    private String ingest;
    private String cartPush;
    private String diagnostics;

    @BeforeEach
    void stack() throws IOException {
        SharedStack stack = SharedStack.get();
        cart = stack.cart;
        ingest = stack.ingest;
        cartPush = stack.cartPush;
        diagnostics = stack.diagnostics;
    }

    @Test
    void aSkuPostedToIngestReachesTheCartAndDiagnosticsExplainsIt() throws Exception {
        send("PUT", ingest + "/api/merchants/acme", "{\"name\":\"Acme\",\"inventorySync\":\"AUTOMATIC\"}");
        send("PUT", cartPush + "/api/carts/acme-shop", """
                {"merchantId":"acme","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"STACK_CART",
                 "syncWarehouse":"ALL","minimumInventoryLevel":0}""".formatted(cart.url()));

        send("POST", ingest + "/api/merchants/acme/inventory", """
                {"warehouseId":"EAST","observedAt":"2026-11-27T10:00:00Z",
                 "items":[{"sku":"ANVIL-1","onHand":12,"allocated":5}]}""");
        send("POST", ingest + "/api/merchants/acme/inventory", """
                {"warehouseId":"WEST","observedAt":"2026-11-27T10:00:00Z",
                 "items":[{"sku":"ANVIL-1","onHand":4,"allocated":0}]}""");

        // available = (12 − 5) + (4 − 0) over both warehouses
        await().atMost(WAIT).until(() -> Long.valueOf(11).equals(cart.quantity("ANVIL-1")));
        JsonNode explanation = await().atMost(WAIT).until(() -> explain("acme", "acme-shop", "ANVIL-1"),
                e -> "IN_SYNC".equals(e.path("verdict").asString()));
        assertThat(explanation.path("quantities").path("onHand").asLong()).isEqualTo(16);
        assertThat(explanation.path("quantities").path("available").asLong()).isEqualTo(11);
        assertThat(explanation.path("quantities").path("cart").asLong()).isEqualTo(11);
        assertThat(explanation.path("checks")).hasSize(CheckId.values().length);
    }

    @Test
    void aNewerObservationReplacesTheQuantityAndAnOlderOneDoesNot() throws Exception {
        send("PUT", ingest + "/api/merchants/globex", "{\"name\":\"Globex\",\"inventorySync\":\"AUTOMATIC\"}");
        send("PUT", cartPush + "/api/carts/globex-shop", """
                {"merchantId":"globex","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"STACK_CART",
                 "syncWarehouse":"MAIN"}""".formatted(cart.url()));
        send("POST", ingest + "/api/merchants/globex/inventory", """
                {"warehouseId":"MAIN","observedAt":"2026-11-27T10:00:00Z","items":[{"sku":"GLX-1","onHand":9}]}""");
        await().atMost(WAIT).until(() -> Long.valueOf(9).equals(cart.quantity("GLX-1")));

        send("POST", ingest + "/api/merchants/globex/inventory", """
                {"warehouseId":"MAIN","observedAt":"2026-11-27T09:00:00Z","items":[{"sku":"GLX-1","onHand":1}]}""");
        send("POST", ingest + "/api/merchants/globex/inventory", """
                {"warehouseId":"MAIN","observedAt":"2026-11-27T11:00:00Z","items":[{"sku":"GLX-1","onHand":4}]}""");

        await().atMost(WAIT).until(() -> Long.valueOf(4).equals(cart.quantity("GLX-1")));
        // diagnostics reads the level and the push's result as they are committed: wait until it holds both
        JsonNode explanation = await().atMost(WAIT).until(() -> explain("globex", "globex-shop", "GLX-1"),
                e -> e.path("quantities").path("expected").asLong() == 4 && e.path("quantities").path("cart").asLong() == 4);
        assertThat(explanation.path("verdict").asString()).isIn("IN_SYNC", "PENDING");
    }

    @Test
    void diagnosticsNeedsTheReadKey() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(diagnostics + "/api/diagnostics/merchants/acme/carts/acme-shop/skus/ANVIL-1")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private JsonNode explain(String merchant, String cartId, String sku) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(diagnostics
                        + "/api/diagnostics/merchants/" + merchant + "/carts/" + cartId + "/skus/" + sku))
                .header("X-Api-Key", READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }

    private void send(String method, String url, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("X-Api-Key", ADMIN_KEY)
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isEqualTo(200);
    }
}
