package io.invsync.cartpush.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

import tools.jackson.databind.JsonNode;

/**
 * A stateful Amazon seller account speaking the Listings Items 2021-08-01 subset of shared/CART_APIS.md: {@code GET
 * /listings/2021-08-01/items/{sellerId}/{sku}?marketplaceIds=} (404 {@code NOT_FOUND} for an unknown SKU), and
 * {@code PATCH} of {@code /attributes/fulfillment_availability} answering {@code 200} with {@code ACCEPTED} or
 * {@code INVALID} plus issues. A PATCH of an unknown SKU is ACCEPTED and creates an offer-only listing. A token
 * bucket of {@code rate} requests/s with burst {@code burst} answers 429 {@code QuotaExceeded} beyond it.
 * Switchable: 429 QuotaExceeded ({@link #throttleNext}), 5xx, requests never answered (timeouts), SKUs whose
 * submissions Amazon finds INVALID. Every request is checked against Amazon's published Listings Items 2021-08-01
 * model (shared/vendor-specs) and refused with 400 InvalidInput when it does not conform.
 */
public final class AmazonSimulator extends SimulatedApi {

    private static final String PREFIX = "/listings/2021-08-01/items/";

    private final String token;
    private final String sellerId;
    private final String marketplaceId;
    private final double rate;
    private final double burst;
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private final Map<String, String> invalid = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger gets = new AtomicInteger();
    private final AtomicInteger patches = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger offerOnlyListingsCreated = new AtomicInteger();
    private double tokens;
    private long refilledNanos = System.nanoTime();

    public AmazonSimulator(String token, String sellerId, String marketplaceId, double rate, int burst) {
        super("Amazon", OpenApiCheck.of(path -> path, "amazon/listingsItems_2021-08-01.json"));
        this.token = token;
        this.sellerId = sellerId;
        this.marketplaceId = marketplaceId;
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
    }

    /** The SP-API endpoint, the cart's {@code baseUrl}. */
    public String url() {
        return root();
    }

    /** A merchant-fulfilled listing of the given product type. */
    public void listing(String sku, String productType, Long quantity) {
        listings.put(sku, new Listing(sku, productType, "DEFAULT", quantity, false));
    }

    /** A listing fulfilled by Amazon only (its quantity is Amazon's). */
    public void amazonFulfilledListing(String sku, String productType) {
        listings.put(sku, new Listing(sku, productType, "AMAZON_NA", null, false));
    }

    /** Submissions for this SKU come back INVALID with this issue. */
    public void invalid(String sku, String issueMessage) {
        invalid.put(sku, issueMessage);
    }

    public Long quantity(String sku) {
        Listing listing = listings.get(sku);
        return listing == null ? null : listing.quantity;
    }

    public boolean exists(String sku) {
        return listings.containsKey(sku);
    }

    public int calls() {
        return calls.get();
    }

    public int gets() {
        return gets.get();
    }

    public int patches() {
        return patches.get();
    }

    public int throttled() {
        return throttled.get();
    }

    public int offerOnlyListingsCreated() {
        return offerOnlyListingsCreated.get();
    }

    private synchronized boolean takeToken() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledNanos) / 1e9 * rate);
        refilledNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        if (hangThis(exchange)) {
            return;
        }
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!token.equals(exchange.getRequestHeaders().getFirst("x-amz-access-token"))) {
                errors(exchange, 403, "Unauthorized", "Access to requested resource is denied.");
                return;
            }
            List<String> problems = specProblems(exchange);
            if (!problems.isEmpty()) {
                errors(exchange, 400, "InvalidInput", "The request does not conform to the API: "
                        + String.join("; ", problems));
                return;
            }
            if (throttleThis() || !takeToken()) {
                throttled.incrementAndGet();
                errors(exchange, 429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
                return;
            }
            if (failThis()) {
                errors(exchange, 503, "ServiceUnavailable", "Service is temporarily unavailable.");
                return;
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (!rawPath.startsWith(PREFIX) || rawPath.substring(PREFIX.length()).split("/").length != 2) {
                errors(exchange, 404, "NOT_FOUND", "Resource not found.");
                return;
            }
            String[] parts = rawPath.substring(PREFIX.length()).split("/");
            String seller = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            String sku = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            if (!seller.equals(sellerId)) {
                errors(exchange, 403, "Unauthorized", "Access to requested resource is denied.");
                return;
            }
            if (!marketplaceId.equals(query.get("marketplaceIds"))) {
                errors(exchange, 400, "InvalidInput", "Invalid marketplaceIds: " + query.get("marketplaceIds"));
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "GET" -> get(exchange, sku);
                case "PATCH" -> patch(exchange, sku, JSON.readTree(body));
                default -> errors(exchange, 405, "MethodNotAllowed", "Method not allowed.");
            }
        }
    }

    private void get(HttpExchange exchange, String sku) throws IOException {
        gets.incrementAndGet();
        Listing listing = listings.get(sku);
        if (listing == null) {
            errors(exchange, 404, "NOT_FOUND", "SKU '" + sku + "' not found in marketplace " + marketplaceId);
            return;
        }
        Map<String, Object> availability = new LinkedHashMap<>();
        availability.put("fulfillmentChannelCode", listing.channel);
        if (listing.quantity != null) {
            availability.put("quantity", listing.quantity);
        }
        json(exchange, 200, Map.of("sku", sku,
                "summaries", List.of(Map.of("marketplaceId", marketplaceId, "asin", "B0" + Math.abs(sku.hashCode()),
                        "productType", listing.productType, "status", List.of("BUYABLE"))),
                "fulfillmentAvailability", List.of(availability)));
    }

    private void patch(HttpExchange exchange, String sku, JsonNode request) throws IOException {
        patches.incrementAndGet();
        List<Map<String, Object>> issues = new ArrayList<>();
        Listing listing = listings.get(sku);
        String productType = request.path("productType").asString("");
        JsonNode patch = request.path("patches").path(0);
        JsonNode value = patch.path("value").path(0);
        if (productType.isEmpty()) {
            issues.add(issue("4000001", "The productType is required.", "productType"));
        } else if (listing != null && !listing.productType.equals(productType)) {
            issues.add(issue("4000002", "The provided product type " + productType + " does not match the listing's "
                    + "product type " + listing.productType + ".", "productType"));
        }
        if (!"/attributes/fulfillment_availability".equals(patch.path("path").asString(""))
                || !value.path("quantity").isIntegralNumber() || value.path("quantity").asLong() < 0) {
            issues.add(issue("90220", "'fulfillment_availability' is invalid.", "fulfillment_availability"));
        }
        if (invalid.containsKey(sku)) {
            issues.add(issue("8541", invalid.get(sku), "fulfillment_availability"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sku", sku);
        answer.put("submissionId", UUID.randomUUID().toString().replace("-", ""));
        if (!issues.isEmpty()) {
            answer.put("status", "INVALID");
            answer.put("issues", issues);
            json(exchange, 200, answer);
            return;
        }
        long quantity = value.path("quantity").asLong();
        if (listing == null) {
            offerOnlyListingsCreated.incrementAndGet(); // what Amazon does with an unknown SKU
            listings.put(sku, new Listing(sku, productType, "DEFAULT", quantity, true));
        } else {
            listings.put(sku, new Listing(sku, listing.productType, "DEFAULT", quantity, listing.offerOnly));
        }
        answer.put("status", "ACCEPTED");
        answer.put("issues", List.of());
        json(exchange, 200, answer);
    }

    private static Map<String, Object> issue(String code, String message, String attribute) {
        // code, message, severity and categories are required by the Listings Items 2021-08-01 Issue definition
        return Map.of("code", code, "message", message, "severity", "ERROR", "categories", List.of("INVALID_ATTRIBUTE"),
                "attributeNames", List.of(attribute));
    }

    private static void errors(HttpExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, Map.of("errors", List.of(Map.of("code", code, "message", message))));
    }

    private record Listing(String sku, String productType, String channel, Long quantity, boolean offerOnly) {
    }
}
