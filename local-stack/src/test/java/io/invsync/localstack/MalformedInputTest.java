package io.invsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

/**
 * Hundreds of malformed inputs to every write API: each gets a 4xx problem+json naming the field at fault (or,
 * for a bad row beside good ones, a 200 run that rejects the row and keeps the rest), and never a 5xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputTest {

    private static final String JSON = "application/json";
    private static final String CSV = "text/csv";

    /** One malformed request; {@code rowLevel} when it is a bad row sent beside a good one. */
    record Case(String name, String method, String path, String contentType, String body, String key,
            boolean rowLevel) {

        @Override
        public String toString() {
            return name;
        }
    }

    private SharedStack stack;

    @BeforeAll
    void merchantAndCartExist() throws Exception {
        stack = SharedStack.get();
        stack.send("PUT", stack.ingest + "/api/merchants/mal", JSON, "{\"inventorySync\":\"AUTOMATIC\"}",
                SharedStack.ADMIN_KEY);
        stack.send("PUT", stack.cartPush + "/api/carts/mal-shop", JSON, """
                {"merchantId":"mal","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"%s"}"""
                .formatted(stack.cart.url(), SharedStack.CART_REF), SharedStack.ADMIN_KEY);
    }

    static List<Case> cases() {
        String admin = SharedStack.ADMIN_KEY;
        List<Case> cases = new ArrayList<>();
        List<String> badNumbers = List.of("-1", "\"ten\"", "1.5", "1e40", "99999999999999999999", "true", "[]", "{}",
                "-9223372036854775808", "2000000000", "\"1 000\"", "\"0x10\"", "\"5 units\"");
        List<String> badTexts = List.of("42", "true", "[]", "{}", "\"" + "x".repeat(3000) + "\"");

        // inventory rows, JSON: every quantity field with every bad number, beside a good row
        for (String field : List.of("onHand", "allocated", "available")) {
            for (String bad : badNumbers) {
                String row = field.equals("onHand") ? "{\"sku\":\"R\",\"onHand\":" + bad + "}"
                        : "{\"sku\":\"R\",\"onHand\":5,\"" + field + "\":" + bad + "}";
                cases.add(new Case("row " + field + "=" + bad, "POST", "/api/merchants/mal/inventory", JSON,
                        "{\"items\":[{\"sku\":\"GOOD\",\"onHand\":1}," + row + "]}", admin, true));
            }
        }
        for (String bad : List.of("null", "\"\"", "\"   \"", "[]", "\"" + "S".repeat(300) + "\"")) {
            cases.add(new Case("row sku=" + bad.substring(0, Math.min(bad.length(), 12)), "POST",
                    "/api/merchants/mal/inventory", JSON,
                    "{\"items\":[{\"sku\":\"GOOD\",\"onHand\":1},{\"sku\":" + bad + ",\"onHand\":1}]}", admin,
                    true));
        }
        for (String bad : List.of("\"has space\"", "\"a/b\"", "\"" + "W".repeat(129) + "\"", "\"-lead\"")) {
            cases.add(new Case("row warehouseId=" + bad.substring(0, Math.min(bad.length(), 12)), "POST",
                    "/api/merchants/mal/inventory", JSON, "{\"items\":[{\"sku\":\"GOOD\",\"onHand\":1},"
                    + "{\"sku\":\"R\",\"onHand\":1,\"warehouseId\":" + bad + "}]}", admin, true));
        }
        for (String bad : List.of("{\"upc\":\"1\"}", "{\"UPC\":1}", "{\"UPC\":\"\"}", "[\"UPC\"]", "\"UPC\"",
                "{\"1UPC\":\"x\"}")) {
            cases.add(new Case("row aliases=" + bad, "POST", "/api/merchants/mal/inventory", JSON,
                    "{\"items\":[{\"sku\":\"GOOD\",\"onHand\":1},{\"sku\":\"R\",\"onHand\":1,\"aliases\":" + bad
                            + "}]}", admin, true));
        }
        // inventory rows, CSV
        for (String bad : List.of("-1", "ten", "1.5", "1e40", "99999999999999999999", "true", "2000000000", "NaN",
                "0x10", "5 units", "--1", "+", "1,000", "½")) {
            String cell = bad;
            cases.add(new Case("csv onHand=" + cell, "POST", "/api/merchants/mal/inventory", CSV,
                    "sku,onHand\nGOOD,1\nR," + (cell.contains(",") ? "\"" + cell + "\"" : cell) + "\n", admin,
                    true));
        }
        cases.add(new Case("csv bad warehouse", "POST", "/api/merchants/mal/inventory", CSV,
                "warehouseId,sku,onHand\nW,GOOD,1\nbad id,R,1\n", admin, true));
        cases.add(new Case("csv available over onHand", "POST", "/api/merchants/mal/inventory", CSV,
                "sku,onHand,available\nGOOD,1,1\nR,1,2\n", admin, true));
        cases.add(new Case("csv no quantity", "POST", "/api/merchants/mal/inventory", CSV,
                "sku,onHand\nGOOD,1\nR,\n", admin, true));
        cases.add(new Case("csv no sku", "POST", "/api/merchants/mal/inventory", CSV,
                "sku,onHand\nGOOD,1\n,4\n", admin, true));
        cases.add(new Case("json NaN", "POST", "/api/merchants/mal/inventory", JSON,
                "{\"items\":[{\"sku\":\"A\",\"onHand\":NaN}]}", admin, false));
        cases.add(new Case("csv short row", "POST", "/api/merchants/mal/inventory", CSV, "sku,onHand,UPC\nGOOD,1,x\nR,1\n",
                admin, true));
        cases.add(new Case("csv long row", "POST", "/api/merchants/mal/inventory", CSV, "sku,onHand\nGOOD,1\nR,1,2,3\n",
                admin, true));
        // whole inventory payloads
        for (String body : List.of("", "{", "[]", "[{\"sku\":\"A\"}]", "\"items\"", "{\"items\":null}",
                "{\"items\":{}}", "{\"items\":\"x\"}", "{\"warehouseId\":\"W\"}", "{\"items\":[{\"sku\":\"A\",",
                "{\"observedAt\":\"yesterday\",\"items\":[]}", "{\"observedAt\":42,\"items\":[]}",
                "{\"warehouseId\":[],\"items\":[]}", "{\"items\":[],\"observedAt\":\"2026-01-01T00:00:00Z\"}",
                "null", "42", "{\"items\":[1,2,3]", "\u0000\u0001")) {
            cases.add(new Case("inventory json " + body.replace("\u0000", "\\0"), "POST",
                    "/api/merchants/mal/inventory", JSON, body, admin, false));
        }
        for (String body : List.of("", "onHand\n1\n", "warehouseId,onHand\nW,1\n", "sku,onHand\n\"A,1\n")) {
            cases.add(new Case("inventory csv " + body.replace("\n", "|"), "POST", "/api/merchants/mal/inventory",
                    CSV, body, admin, false));
        }
        for (String type : List.of("application/xml", "text/plain", "application/x-www-form-urlencoded")) {
            cases.add(new Case("inventory as " + type, "POST", "/api/merchants/mal/inventory", type, "sku=A",
                    admin, false));
        }
        cases.add(new Case("inventory for an unknown merchant", "POST", "/api/merchants/nobody/inventory", JSON,
                "{\"items\":[]}", admin, false));
        cases.add(new Case("inventory observedAt query", "POST", "/api/merchants/mal/inventory?observedAt=soon", CSV,
                "sku,onHand\nA,1\n", admin, false));
        // merchant settings
        for (String body : List.of("", "{", "[]", "{}", "{\"inventorySync\":\"SOMETIMES\"}", "{\"inventorySync\":1}",
                "{\"inventorySync\":null}", "{\"inventorySync\":\"ON\",\"pollInterval\":\"soon\"}",
                "{\"inventorySync\":\"ON\",\"pollInterval\":[]}", "{\"inventorySync\":\"ON\",\"wms\":\"x\"}",
                "{\"inventorySync\":\"ON\",\"wms\":{\"credentialsRef\":\"bad ref!\"}}",
                "{\"inventorySync\":\"ON\",\"wms\":{\"credentialsRef\":\"" + "R".repeat(200) + "\"}}",
                "{\"inventorySync\":\"ON\",\"name\":\"" + "n".repeat(300) + "\"}",
                "{\"inventorySync\":\"ON\",\"wms\":{\"url\":\"" + "u".repeat(2100) + "\"}}")) {
            cases.add(new Case("merchant " + abbreviate(body), "PUT", "/api/merchants/mal-settings", JSON, body, admin,
                    false));
        }
        for (String id : List.of("%20lead", "trail%20", "a%09b")) {
            cases.add(new Case("merchant id " + id, "PUT", "/api/merchants/" + id, JSON,
                    "{\"inventorySync\":\"ON\"}", admin, false));
        }
        // cart settings: each field broken in turn
        String cart = "{\"merchantId\":\"mal\",\"type\":\"WEBHOOK\",\"baseUrl\":\"http://cart.example/hook\","
                + "\"credentialsRef\":\"REF\",\"syncWarehouse\":\"ALL\",\"pushAlias\":\"SKU\","
                + "\"minimumInventoryLevel\":0,\"inventoryUploadEnabled\":true}";
        String[][] cartFaults = {
                {"merchantId", "null", "\"\"", "\"a/b\"", "42"},
                {"type", "null", "\"EBAY\"", "1", "\"shopify\""},
                {"baseUrl", "null", "\"ftp://x\"", "\"not a url\"", "\"\"", "7"},
                {"credentialsRef", "\"bad ref\"", "\"a-b\"", "\"" + "C".repeat(200) + "\""},
                {"syncWarehouse", "\"has space\"", "\"\"", "[]"},
                {"pushAlias", "\"upc\"", "\"1UPC\"", "\"UP C\"", "{}"},
                {"minimumInventoryLevel", "-1", "\"five\"", "1.5", "1e40", "99999999999999999999", "[]"},
                {"inventoryUploadEnabled", "\"yes\"", "2", "[]"},
                {"location", "\"" + "L".repeat(300) + "\"", "{}"}};
        for (String[] fault : cartFaults) {
            for (int i = 1; i < fault.length; i++) {
                String body = cart.replaceFirst("\"" + fault[0] + "\":(\"[^\"]*\"|[^,}]*)|(?=})",
                        "\"" + fault[0] + "\":" + fault[i].replace("\\", "\\\\").replace("$", "\\$") + ",");
                body = body.replace(",}", "}").replace(",,", ",");
                cases.add(new Case("cart " + fault[0] + "=" + abbreviate(fault[i]), "PUT", "/api/carts/mal-cart", JSON,
                        body, admin, false));
            }
        }
        for (String body : List.of("", "{", "[]", "{}", "null")) {
            cases.add(new Case("cart body " + body, "PUT", "/api/carts/mal-cart", JSON, body, admin, false));
        }
        // order lines
        for (String line : List.of("{\"sku\":\"A\",\"quantity\":1}", "{\"orderId\":\"o\",\"quantity\":1}",
                "{\"orderId\":\"o\",\"sku\":\"A\"}", "{\"orderId\":\"o\",\"sku\":\"A\",\"quantity\":0}",
                "{\"orderId\":\"o\",\"sku\":\"A\",\"quantity\":-3}", "{\"orderId\":\"o\",\"sku\":\"A\",\"quantity\":1.5}",
                "{\"orderId\":\"o\",\"sku\":\"A\",\"quantity\":\"2\"}",
                "{\"orderId\":\"o\",\"sku\":\"A\",\"quantity\":99999999999}",
                "{\"orderId\":\"o\",\"sku\":\"A\",\"quantity\":1,\"placedAt\":\"noon\"}", "42", "[]")) {
            cases.add(new Case("order " + line, "POST", "/api/merchants/mal/orders", JSON,
                    "{\"lines\":[{\"orderId\":\"ok\",\"sku\":\"A\",\"quantity\":1}," + line + "]}", admin, true));
        }
        for (String body : List.of("", "{", "{}", "{\"lines\":{}}", "[]")) {
            cases.add(new Case("orders body " + body, "POST", "/api/merchants/mal/orders", JSON, body, admin, false));
        }
        // keys, paths and things that do not exist
        for (String[] write : new String[][] {{"PUT", "/api/merchants/mal", JSON, "{\"inventorySync\":\"OFF\"}"},
                {"POST", "/api/merchants/mal/inventory", JSON, "{\"items\":[]}"},
                {"POST", "/api/merchants/mal/orders", JSON, "{\"lines\":[]}"},
                {"POST", "/api/merchants/mal/keys", JSON, "{\"scope\":\"PUSH\"}"},
                {"POST", "/api/merchants/mal/inventory-runs", null, null},
                {"PUT", "/api/carts/mal-shop", JSON, cart},
                {"POST", "/api/carts/mal-shop/resync", null, null},
                {"POST", "/api/carts/mal-shop/catalog-refresh", null, null}}) {
            cases.add(new Case("no key " + write[0] + " " + write[1], write[0], write[1], write[2], write[3], null,
                    false));
            cases.add(new Case("wrong key " + write[0] + " " + write[1], write[0], write[1], write[2], write[3],
                    "guess", false));
            cases.add(new Case("read key " + write[0] + " " + write[1], write[0], write[1], write[2], write[3],
                    SharedStack.READ_KEY, false));
        }
        cases.add(new Case("bad signature", "POST", "/api/merchants/mal/inventory", JSON, "{\"items\":[]}", null,
                false));
        for (String[] missing : new String[][] {{"POST", "/api/merchants/nobody/keys"},
                {"POST", "/api/merchants/nobody/inventory-runs"}, {"POST", "/api/carts/nothing/resync"},
                {"POST", "/api/carts/nothing/catalog-refresh"}, {"POST", "/api/merchants/nobody/orders"}}) {
            cases.add(new Case("unknown " + missing[1], missing[0], missing[1], JSON, "{\"lines\":[],\"scope\":\"READ\"}",
                    admin, false));
        }
        cases.add(new Case("inventory-runs for AUTOMATIC", "POST", "/api/merchants/mal/inventory-runs", null, null,
                admin, false));
        return cases;
    }

    private static String abbreviate(String text) {
        return text.length() <= 30 ? text : text.substring(0, 30) + "…";
    }

    @Test
    void thereAreAtLeastTwoHundredCases() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(200);
    }

    static Stream<Case> allCases() {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void answersWithAProblemNamingTheFaultAndNeverA5xx(Case c) throws Exception {
        String base = c.path().startsWith("/api/carts") ? stack.cartPush : stack.ingest;
        HttpResponse<String> response = c.name().equals("bad signature")
                ? signedWithAWrongSecret(base + c.path(), c.body())
                : stack.send(c.method(), base + c.path(), c.contentType(), c.body(), c.key());

        assertThat(response.statusCode()).as(c.name() + ": " + response.body()).isLessThan(500);
        JsonNode body = EventJson.mapper().readTree(response.body().isEmpty() ? "{}" : response.body());
        if (c.rowLevel()) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(body.path("accepted").asLong()).as("the good row is kept").isEqualTo(1);
            assertThat(body.path("rejected").asLong()).isEqualTo(1);
            JsonNode rejection = body.path("rejections").path(0);
            assertThat(rejection.path("reason").asString()).isNotBlank();
        } else {
            assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/problem+json");
            assertThat(body.path("detail").asString()).as("detail").isNotBlank();
            if (response.statusCode() != 415 && response.statusCode() != 409) {
                assertThat(body.path("errors").path(0).path("field").asString()).as("the field at fault")
                        .isNotBlank();
            }
        }
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private HttpResponse<String> signedWithAWrongSecret(String url, String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", JSON).header("X-Invsync-Signature", "sha256=" + "0".repeat(64))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
