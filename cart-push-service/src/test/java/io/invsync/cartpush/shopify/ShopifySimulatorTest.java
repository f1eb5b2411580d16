package io.invsync.cartpush.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.invsync.simulator.ConformsToVendorSpecs;
import io.invsync.simulator.ShopifySimulator;
import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

/** The simulated shop keeps the parts of Shopify's contract the connector is built never to trip over. */
@ExtendWith(ConformsToVendorSpecs.class)
class ShopifySimulatorTest {

    private static final String MUTATION = """
            mutation Set($input: InventorySetQuantitiesInput!) {
              inventorySetQuantities(input: $input) @idempotent(key: "%s") {
                inventoryAdjustmentGroup { id }
                userErrors { code field message }
              }
            }""";

    private final ShopifySimulator shop = new ShopifySimulator(Shops.TOKEN);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        shop.close();
    }

    private HttpResponse<String> post(String token, String query, Object variables) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(shop.baseUrl()
                + "/admin/api/2026-04/graphql.json")).POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.write(body)));
        if (token != null) {
            request.header("X-Shopify-Access-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode set(String key, String ref, long quantity, Long changeFrom) throws Exception {
        return json(post(Shops.TOKEN, MUTATION.formatted(key), variables(List.of(quantity(ref, quantity, changeFrom)))));
    }

    private static Map<String, Object> variables(List<Map<String, Object>> quantities) {
        return Map.of("input", Map.of("name", "available", "reason", "correction", "quantities", quantities));
    }

    private static Map<String, Object> quantity(String ref, long quantity, Long changeFrom) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("inventoryItemId", ref);
        entry.put("locationId", ShopifySimulator.LOCATION);
        entry.put("quantity", quantity);
        entry.put("changeFromQuantity", changeFrom);
        return entry;
    }

    private static JsonNode json(HttpResponse<String> response) {
        return EventJson.mapper().readTree(response.body());
    }

    private static List<String> userErrorCodes(JsonNode answer) {
        List<String> codes = new ArrayList<>();
        answer.path("data").path("inventorySetQuantities").path("userErrors")
                .forEach(error -> codes.add(error.path("code").asString()));
        return codes;
    }

    @Test
    void refusesAMissingOrWrongAccessTokenWith401() throws Exception {
        Map<String, Object> conforming = variables(List.of(quantity(shop.addVariant("T-1", 5), 1, 5L)));

        assertThat(post(null, MUTATION.formatted("k"), conforming).statusCode()).isEqualTo(401);
        assertThat(post("other", MUTATION.formatted("k"), conforming).statusCode()).isEqualTo(401);
        assertThat(shop.mutations()).isZero();
    }

    @Test
    void replaysTheSameKeyAndVariablesButRefusesTheSameKeyWithOtherVariables() throws Exception {
        String ref = shop.addVariant("I-1", 5);

        JsonNode first = set("key-1", ref, 7, 5L);
        JsonNode again = set("key-1", ref, 7, 5L);
        JsonNode other = set("key-1", ref, 8, 7L);

        assertThat(userErrorCodes(first)).isEmpty();
        assertThat(again.path("data")).isEqualTo(first.path("data"));
        assertThat(userErrorCodes(other)).containsExactly("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
        assertThat(shop.writes("I-1")).isEqualTo(1);
        assertThat(shop.available("I-1")).isEqualTo(7);
    }

    @Test
    void appliesACallAllOrNothingAndNamesTheItemAtFault() throws Exception {
        String ok = shop.addVariant("J-1", 5);
        String stale = shop.addVariant("J-2", 5);

        JsonNode answer = json(post(Shops.TOKEN, MUTATION.formatted("k"),
                variables(List.of(quantity(ok, 1, 5L), quantity(stale, 1, 4L)))));

        JsonNode payload = answer.path("data").path("inventorySetQuantities");
        assertThat(payload.path("inventoryAdjustmentGroup").isNull()).isTrue();
        assertThat(payload.path("userErrors").get(0).path("code").asString()).isEqualTo("CHANGE_FROM_QUANTITY_STALE");
        assertThat(payload.path("userErrors").get(0).path("field").toString())
                .isEqualTo("[\"input\",\"quantities\",\"1\",\"changeFromQuantity\"]");
        assertThat(shop.available("J-1")).isEqualTo(5);
    }

    @Test
    void refusesMoreThan250QuantitiesAndACallWithoutAnIdempotencyKey() throws Exception {
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 251; i++) {
            many.add(quantity(shop.addVariant("M-" + i, 0), 1, 0L));
        }

        JsonNode tooMany = json(post(Shops.TOKEN, MUTATION.formatted("k"), variables(many)));
        JsonNode noKey = json(post(Shops.TOKEN, MUTATION.replace(" @idempotent(key: \"%s\")", ""),
                variables(many.subList(0, 1))));

        assertThat(tooMany.path("errors").get(0).path("extensions").path("code").asString())
                .isEqualTo("MAX_INPUT_SIZE_EXCEEDED");
        assertThat(noKey.path("errors").get(0).path("message").asString()).contains("@idempotent");
        assertThat(shop.writes("M-0")).isZero();
    }

    @Test
    void answersThrottledWithHttp200AndTheBucketsState() throws Exception {
        String ref = shop.addVariant("H-1", 5);
        shop.bucket(1000, 1); // slow enough that the 3 points stay 3 while the call travels
        shop.setCurrentlyAvailable(3);

        HttpResponse<String> response = post(Shops.TOKEN, MUTATION.formatted("k"),
                variables(List.of(quantity(ref, 1, 5L))));

        JsonNode answer = json(response);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(answer.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("THROTTLED");
        JsonNode cost = answer.path("extensions").path("cost");
        assertThat(cost.path("requestedQueryCost").asDouble()).isEqualTo(11);
        assertThat(cost.path("actualQueryCost").isNull()).isTrue();
        assertThat(cost.path("throttleStatus").path("currentlyAvailable").asDouble()).isEqualTo(3);
        assertThat(cost.path("throttleStatus").path("restoreRate").asDouble()).isEqualTo(1);
        assertThat(shop.available("H-1")).isEqualTo(5);
    }
}
