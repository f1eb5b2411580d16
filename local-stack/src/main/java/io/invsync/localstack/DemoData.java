package io.invsync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/**
 * The demo: merchant {@code demo} whose WMS pushes inventory for two warehouses, and one webhook cart with two
 * locations — {@value #STORE} fed by every warehouse, {@value #OUTLET} by WEST alone — and a floor of 2. Chosen so
 * that the diagnostics have something to say: one product in sync at both locations with its own sum at each, one
 * held at 0 by the floor, one capped by a per-SKU override, a kit computed from two of the others, one the cart does
 * not know.
 */
final class DemoData {

    static final String MERCHANT = "demo";
    static final String CART = "demo-webhook";
    static final String CART_SECRET_REF = "DEMO_CART";
    /** The cart's main location: the sum over every warehouse. */
    static final String STORE = "STORE";
    /** The cart's second location: WEST alone. */
    static final String OUTLET = "OUTLET";
    static final String SKU_IN_SYNC = "TSHIRT-RED-M";
    static final String SKU_BELOW_FLOOR = "TSHIRT-BLUE-M";
    static final String SKU_NOT_IN_CART = "POSTER-A2";
    /** Capped at {@link #CAPPED_AT} by a per-SKU override (8 available). */
    static final String SKU_CAPPED = "MUG-TRAVEL";
    static final long CAPPED_AT = 5;
    /** A kit of 2 × MUG-CLASSIC + 1 × MUG-TRAVEL, stocked nowhere itself: WEST's 24 and 8 make 8 kits. */
    static final String SKU_KIT = "MUG-SET";
    static final java.util.Set<String> CART_CATALOG = java.util.Set.of(SKU_IN_SYNC, SKU_BELOW_FLOOR, "MUG-CLASSIC",
            "MUG-TRAVEL", SKU_KIT);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String adminKey;

    DemoData(String adminKey) {
        this.adminKey = adminKey;
    }

    void load(String ingestUrl, String cartPushUrl, String cartUrl) throws IOException, InterruptedException {
        send("PUT", ingestUrl + "/api/merchants/" + MERCHANT, """
                {"name":"Demo Goods","inventorySync":"AUTOMATIC"}""");
        send("PUT", cartPushUrl + "/api/carts/" + CART, """
                {"merchantId":"%s","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"%s",
                 "inventoryUploadEnabled":true,"pushAlias":"SKU","minimumInventoryLevel":2,
                 "locations":[{"location":"%s","warehouses":"ALL"},{"location":"%s","warehouses":["WEST"]}],
                 "ruleOverrides":[{"match":"%s","maximum":%d}]}"""
                .formatted(MERCHANT, cartUrl, CART_SECRET_REF, STORE, OUTLET, SKU_CAPPED, CAPPED_AT));
        String now = Instant.now().toString();
        send("POST", ingestUrl + "/api/merchants/" + MERCHANT + "/inventory", """
                {"warehouseId":"EAST","observedAt":"%s","items":[
                  {"productId":"P-100","sku":"TSHIRT-RED-M","aliases":{"UPC":"0400000000100"},"onHand":40,"allocated":5},
                  {"productId":"P-101","sku":"TSHIRT-BLUE-M","aliases":{"UPC":"0400000000101"},"onHand":3,"allocated":2},
                  {"productId":"P-104","sku":"POSTER-A2","onHand":10,"allocated":0}]}""".formatted(now));
        send("POST", ingestUrl + "/api/merchants/" + MERCHANT + "/inventory", """
                {"warehouseId":"WEST","observedAt":"%s","items":[
                  {"productId":"P-100","sku":"TSHIRT-RED-M","aliases":{"UPC":"0400000000100"},"onHand":12,"allocated":0},
                  {"productId":"P-101","sku":"TSHIRT-BLUE-M","aliases":{"UPC":"0400000000101"},"onHand":0,"allocated":0},
                  {"productId":"P-102","sku":"MUG-CLASSIC","aliases":{"UPC":"0400000000102"},"onHand":25,"allocated":1},
                  {"productId":"P-103","sku":"MUG-TRAVEL","aliases":{"UPC":"0400000000103"},"available":8},
                  {"productId":"P-105","sku":"%s","onHand":0,"allocated":0,
                   "components":[{"sku":"MUG-CLASSIC","quantity":2},{"sku":"MUG-TRAVEL","quantity":1}]}]}"""
                .formatted(now, SKU_KIT));
    }

    private void send(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", adminKey)
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }
}
