package io.invsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

/**
 * One trace per change: a WMS push that carries a W3C traceparent (the WMS's own trace) reaches the cart through
 * wms-ingest, Kafka, inventory-service and cart-push-service, and the cart's call carries a traceparent of the same
 * trace — whatever the sampling, since the trace id travels in the records' headers.
 */
class TracingTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theCartCallOfAChangeCarriesTheTraceOfTheWmsRequestThatBroughtIt() throws Exception {
        SharedStack stack = SharedStack.get();
        send(stack.ingest + "/api/merchants/acme", "PUT", "{\"name\":\"Acme\",\"inventorySync\":\"AUTOMATIC\"}", null);
        send(stack.cartPush + "/api/carts/acme-traced", "PUT", """
                {"merchantId":"acme","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"STACK_CART",
                 "syncWarehouse":"TRACED"}""".formatted(stack.cart.url()), null);
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String traceParent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

        send(stack.ingest + "/api/merchants/acme/inventory", "POST", """
                {"warehouseId":"TRACED","observedAt":"2026-11-27T10:00:00Z",
                 "items":[{"sku":"TRACED-1","onHand":6,"allocated":1}]}""", traceParent);

        await().atMost(Duration.ofSeconds(60)).until(() -> Long.valueOf(5).equals(stack.cart.quantity("TRACED-1")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stack.cart.traceParents())
                .anySatisfy(received -> assertThat(received).startsWith("00-" + traceId + "-")
                        .doesNotContain(traceParent.substring(36, 52)))); // a span of invsync's, in that trace
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private void send(String url, String method, String json, String traceParent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("X-Api-Key", SharedStack.ADMIN_KEY).method(method, HttpRequest.BodyPublishers.ofString(json));
        if (traceParent != null) {
            request.header("traceparent", traceParent);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isEqualTo(200);
    }
}
