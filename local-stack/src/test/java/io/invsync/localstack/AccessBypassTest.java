package io.invsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

/**
 * The API tried as an attacker would, on every endpoint of every service (read from each service's own OpenAPI
 * document, so a new endpoint is covered without being listed here): each path spelled every way a server might
 * route differently from how it is checked — a letter percent-encoded, {@code ;} segments, {@code //},
 * {@code /./}, {@code /../}, {@code ..;/}, encoded slashes and backslashes, double encoding, upper case, a
 * trailing slash — without a key and with another merchant's keys. None may get through: each answers 400
 * (refused by the firewall), 401 or 403, never a 2xx or anything else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessBypassTest {

    private static final String JSON = "application/json";
    /** The victim: its resources are what the spellings aim at. */
    private static final String VICTIM = "victim";
    private static final String VICTIM_CART = "victim-shop";
    /** The attacker holds keys of its own merchant. */
    private static final String ATTACKER = "attacker";
    private static final String ATTACKER_CART = "attacker-shop";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private SharedStack stack;
    private String attackerReadKey;
    private String attackerPushKey;

    record Endpoint(String service, String method, String template) {

        String path(String merchantId, String cartId) {
            return template.replace("{merchantId}", merchantId).replace("{cartId}", cartId)
                    .replace("{warehouseId}", "W1").replace("{aliasName}", "SKU").replace("{aliasValue}", "SKU-1")
                    .replace("{keyId}", "key_0000000000000000");
        }
    }

    @BeforeAll
    void twoMerchantsWithACartEachAndTheAttackersKeys() throws Exception {
        stack = SharedStack.get();
        for (String merchant : List.of(VICTIM, ATTACKER)) {
            assertThat(stack.send("PUT", stack.ingest + "/api/merchants/" + merchant, JSON,
                    "{\"inventorySync\":\"AUTOMATIC\"}", SharedStack.ADMIN_KEY).statusCode()).isEqualTo(200);
            assertThat(stack.send("POST", stack.ingest + "/api/merchants/" + merchant + "/inventory", JSON,
                    "{\"warehouseId\":\"W1\",\"items\":[{\"sku\":\"SKU-1\",\"onHand\":5}]}", SharedStack.ADMIN_KEY)
                    .statusCode()).isEqualTo(200);
            assertThat(stack.send("PUT", stack.cartPush + "/api/carts/" + merchant + "-shop", JSON, """
                    {"merchantId":"%s","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"%s"}"""
                    .formatted(merchant, stack.cart.url(), SharedStack.CART_REF), SharedStack.ADMIN_KEY)
                    .statusCode()).isEqualTo(200);
        }
        attackerReadKey = issue(ATTACKER, "READ");
        attackerPushKey = issue(ATTACKER, "PUSH");
        // every service learns the keys from the merchant-keys topic
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String url : List.of(stack.ingest + "/api/merchants/" + ATTACKER,
                    stack.inventory + "/api/merchants/" + ATTACKER + "/warehouses",
                    stack.cartPush + "/api/carts/" + ATTACKER_CART,
                    stack.diagnostics + "/api/diagnostics/merchants/" + ATTACKER)) {
                assertThat(get(url, attackerReadKey).statusCode()).as(url).isEqualTo(200);
            }
        });
    }

    @Test
    void noSpellingOfAnyPathReachesAHandlerWithoutAKey() throws Exception {
        List<String> failures = new ArrayList<>();
        int attempts = 0;
        for (Endpoint endpoint : endpoints()) {
            for (String spelled : spellings(endpoint.path(VICTIM, VICTIM_CART))) {
                attempts++;
                int status = send(endpoint, spelled, null);
                if (status != 400 && status != 401) {
                    failures.add(status + " " + endpoint.method() + " " + endpoint.service() + spelled);
                }
            }
        }
        assertThat(attempts).isGreaterThan(100 * 4);
        assertThat(failures).as("answered without a key").isEmpty();
    }

    @Test
    void noSpellingLetsAMerchantsKeysReachAnotherMerchant() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String key : List.of(attackerReadKey, attackerPushKey)) {
                boolean crossMerchant = !endpoint.template().contains("{");
                for (String spelled : spellings(endpoint.path(VICTIM, VICTIM_CART))) {
                    HttpResponse<String> answer = exchange(endpoint, spelled, key);
                    int status = answer.statusCode();
                    // a listing across merchants answers a READ key with its own merchant's entries only
                    boolean ownEntriesOnly = crossMerchant && key.equals(attackerReadKey) && status == 200
                            && !answer.body().contains(VICTIM);
                    if (status != 400 && status != 403 && !ownEntriesOnly) {
                        failures.add(status + " " + endpoint.method() + " " + endpoint.service() + spelled
                                + (key.equals(attackerReadKey) ? " (READ key)" : " (PUSH key)"));
                    }
                }
            }
        }
        assertThat(failures).as("answered to another merchant's key").isEmpty();
    }

    @Test
    void aReadKeyReadsItsOwnMerchantOnEveryServiceAndNothingElse() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            String own = endpoint.path(ATTACKER, ATTACKER_CART);
            String other = endpoint.path(VICTIM, VICTIM_CART);
            int ownStatus = send(endpoint, own, attackerReadKey);
            int otherStatus = send(endpoint, other, attackerReadKey);
            // a preview is a dry run: it reads the merchant's state and changes nothing
            boolean read = endpoint.method().equals("GET") || endpoint.template().endsWith("/preview");
            boolean crossMerchant = !endpoint.template().contains("{");
            if (read && !crossMerchant && (ownStatus == 401 || ownStatus == 403)) {
                failures.add("own " + endpoint + " → " + ownStatus);
            }
            if (!read && ownStatus != 403) {
                failures.add("write with a READ key " + endpoint + " → " + ownStatus);
            }
            if (!crossMerchant && otherStatus != 403) {
                failures.add("other merchant " + endpoint + " → " + otherStatus);
            }
            int pushStatus = send(endpoint, own, attackerPushKey);
            boolean push = endpoint.method().equals("POST")
                    && (endpoint.template().endsWith("/inventory") || endpoint.template().endsWith("/orders"));
            if (!push && pushStatus != 403) {
                failures.add("PUSH key on " + endpoint + " → " + pushStatus);
            }
        }
        assertThat(failures).isEmpty();
        // listings across merchants answer the key's own merchant only
        JsonNode merchants = EventJson.mapper().readTree(get(stack.diagnostics + "/api/diagnostics/merchants",
                attackerReadKey).body());
        assertThat(merchants.findValuesAsString("merchantId")).containsExactly(ATTACKER);
    }

    @Test
    void onlyHealthAndMetricsAreOpenOfTheActuator() throws Exception {
        for (String base : List.of(stack.ingest, stack.inventory, stack.cartPush, stack.diagnostics)) {
            assertThat(get(base + "/actuator/health", null).statusCode()).isEqualTo(200);
            assertThat(get(base + "/actuator/prometheus", null).statusCode()).isEqualTo(200);
            for (String closed : List.of("/actuator", "/actuator/env", "/actuator/heapdump", "/actuator/%65nv",
                    "/actuator/beans", "/actuator/metrics", "/actuator/configprops", "/actuator/loggers")) {
                assertThat(get(base + closed, null).statusCode()).as(base + closed).isIn(400, 401);
                assertThat(get(base + closed, SharedStack.READ_KEY).statusCode()).as(base + closed)
                        .isIn(400, 403, 404);
            }
        }
    }

    @Test
    void everyServicesApiDocumentDeclaresTheKeySoTheSwaggerUiCanSendIt() throws Exception {
        for (String base : List.of(stack.ingest, stack.inventory, stack.cartPush, stack.diagnostics)) {
            JsonNode docs = EventJson.mapper().readTree(get(base + "/v3/api-docs", null).body());
            JsonNode scheme = docs.path("components").path("securitySchemes").path("apiKey");
            assertThat(scheme.path("type").asString()).as(base).isEqualTo("apiKey");
            assertThat(scheme.path("in").asString()).isEqualTo("header");
            assertThat(scheme.path("name").asString()).isEqualTo("X-Api-Key");
            assertThat(docs.path("security").path(0).has("apiKey")).as(base).isTrue();
        }
    }

    /** Every operation of every service, from its OpenAPI document. */
    private List<Endpoint> endpoints() throws Exception {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String base : List.of(stack.ingest, stack.inventory, stack.cartPush, stack.diagnostics)) {
            HttpResponse<String> docs = get(base + "/v3/api-docs", null);
            assertThat(docs.statusCode()).isEqualTo(200);
            JsonNode paths = EventJson.mapper().readTree(docs.body()).path("paths");
            for (Map.Entry<String, JsonNode> path : paths.properties()) {
                for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                    endpoints.add(new Endpoint(base, operation.getKey().toUpperCase(), path.getKey()));
                }
            }
        }
        // the documents list what the services serve; a handful would mean they were not read
        assertThat(endpoints).hasSizeGreaterThan(20);
        return endpoints;
    }

    /** The path spelled every way that might be routed differently from how it is checked. */
    static Set<String> spellings(String path) {
        Set<String> spelled = new LinkedHashSet<>();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isLetter(c)) {
                spelled.add(path.substring(0, i) + "%" + Integer.toHexString(c).toUpperCase() + path.substring(i + 1));
                spelled.add(path.substring(0, i) + "%25" + Integer.toHexString(c) + path.substring(i + 1));
            }
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) != '/' || i == 0) {
                continue;
            }
            String before = path.substring(0, i);
            String after = path.substring(i + 1);
            for (String separator : List.of("//", "/./", "/x/../", "/..;/", ";/", ";x=1/", "%2F", "%2f", "%5C",
                    "/%2e/", "/%2e%2e/", "/.%2e/", "/%252e/")) {
                spelled.add(before + separator + after);
            }
            spelled.add(before.toUpperCase() + "/" + after);
        }
        spelled.add(path + "/");
        spelled.add(path + ";");
        spelled.add(path + ";jsessionid=1");
        spelled.add(path + "/.");
        spelled.add(path + "%20");
        spelled.add(path + "%09");
        spelled.add(path + "%00");
        spelled.add(path + ".json");
        spelled.add(path.toUpperCase());
        spelled.add("/x/..;" + path);
        spelled.add("/x/.." + path);
        spelled.add("/." + path);
        spelled.add("/" + path);
        spelled.add(path.replaceFirst("^/api/", "/api/./"));
        spelled.add(path.replaceFirst("^/api/", "/%61%70%69/"));
        spelled.add(path.replaceFirst("^/api/", "/Api/"));
        spelled.add(path.replaceFirst("^/api/", "/api;/"));
        spelled.add(path.replaceFirst("^/api/", "/api/..;/api/"));
        spelled.remove(path);
        return spelled;
    }

    private int send(Endpoint endpoint, String pathAndQuery, String key) throws Exception {
        return exchange(endpoint, pathAndQuery, key).statusCode();
    }

    private HttpResponse<String> exchange(Endpoint endpoint, String pathAndQuery, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.service() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        boolean body = endpoint.method().equals("POST") || endpoint.method().equals("PUT");
        request.method(endpoint.method(), body ? HttpRequest.BodyPublishers.ofString(
                "{\"inventorySync\":\"OFF\",\"scope\":\"PUSH\",\"items\":[{\"sku\":\"EVIL\",\"onHand\":0}],"
                        + "\"lines\":[{\"orderId\":\"o\",\"sku\":\"SKU-1\",\"quantity\":1}]}")
                : HttpRequest.BodyPublishers.noBody());
        if (body) {
            request.header("Content-Type", JSON);
        }
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String issue(String merchantId, String scope) throws Exception {
        HttpResponse<String> issued = stack.send("POST", stack.ingest + "/api/merchants/" + merchantId + "/keys",
                JSON, "{\"scope\":\"" + scope + "\"}", SharedStack.ADMIN_KEY);
        assertThat(issued.statusCode()).isEqualTo(201);
        return EventJson.mapper().readTree(issued.body()).path("key").asString();
    }
}
