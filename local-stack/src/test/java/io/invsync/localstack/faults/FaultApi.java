package io.invsync.localstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

/** The few calls the fault tests make, with the stack's keys. */
final class FaultApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * A write not answered within this has failed for the writer (and may still be applied: the writer never
     * relies on it). wms-ingest-service holds a push for as long as its producer may block (60 s) when there is
     * no broker, so the writer gives up sooner and goes on.
     */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);

    private final FaultStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    FaultApi(FaultStack stack) {
        this.stack = stack;
    }

    /** A settings PUT that must succeed. */
    void put(Service service, String path, String json) {
        int status = send(service, "PUT", path, json);
        assertThat(status).as("PUT " + path).isEqualTo(200);
    }

    /** The status of a write, or -1 when the service could not be reached or did not answer. */
    int send(Service service, String method, String path, String json) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url(service) + path)).timeout(WRITE_TIMEOUT)
                    .header("Content-Type", "application/json").header("X-Api-Key", FaultStack.ADMIN_KEY)
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** cart-push-service's "View Product Sync" rows of a cart (up to 1000). */
    JsonNode productSync(String cartId, String search) throws IOException, InterruptedException {
        return get(Service.CART_PUSH, "/api/carts/" + cartId + "/product-sync?limit=1000"
                + (search == null ? "" : "&search=" + URLEncoder.encode(search, StandardCharsets.UTF_8)));
    }

    /** diagnostics-service's explanation of one alias value; null while it does not answer 200. */
    JsonNode explain(String merchantId, String cartId, String aliasValue) throws IOException, InterruptedException {
        return get(Service.DIAGNOSTICS, "/api/diagnostics/merchants/" + merchantId + "/carts/" + cartId + "/skus/"
                + aliasValue);
    }

    private JsonNode get(Service service, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                .timeout(TIMEOUT).header("X-Api-Key", FaultStack.READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? EventJson.mapper().readTree(response.body()) : null;
    }
}
