package io.invsync.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

import tools.jackson.databind.JsonNode;

/**
 * A stateful WooCommerce shop speaking the REST v3 subset of shared/CART_APIS.md: HTTP Basic with a consumer key
 * and secret; {@code GET /wp-json/wc/v3/products?sku=A,B} (exact, lists variations with {@code parent_id}, no match
 * is {@code 200 []}); {@code POST /products/batch} and {@code POST /products/{parentId}/variations/batch} with a
 * result per item inside the 200 (an unknown id is an {@code error} for that item only), more than
 * {@code batchLimit} items → 413, and {@code manage_stock: false} silently dropping the quantity. Switchable: 429
 * with Retry-After, 500s, requests never answered (timeouts).
 */
public final class WooCommerceSimulator extends SimulatedApi {

    private static final Pattern VARIATIONS = Pattern.compile("/wp-json/wc/v3/products/(\\d+)/variations/batch");

    private final String authorization;
    private final int batchLimit;
    private final Map<Long, Item> items = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(700);
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger productBatches = new AtomicInteger();
    private final AtomicInteger variationBatches = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger tooLarge = new AtomicInteger();
    private final AtomicInteger itemsReceived = new AtomicInteger();

    public WooCommerceSimulator(String consumerKey, String consumerSecret, int batchLimit) {
        super("WooCommerce", SpecCheck.UNPUBLISHED); // WooCommerce publishes no machine-readable spec
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((consumerKey + ":" + consumerSecret).getBytes(StandardCharsets.UTF_8));
        this.batchLimit = batchLimit;
    }

    /** The shop's root, the cart's {@code baseUrl}. */
    public String url() {
        return root();
    }

    /** A simple or variable product; returns its id. */
    public long product(String sku, boolean manageStock, Long stockQuantity) {
        long id = nextId.incrementAndGet();
        items.put(id, new Item(id, 0, sku, manageStock, stockQuantity));
        return id;
    }

    /** A variation of the product {@code parentId}; returns its id. */
    public long variation(long parentId, String sku, boolean manageStock, Long stockQuantity) {
        long id = nextId.incrementAndGet();
        items.put(id, new Item(id, parentId, sku, manageStock, stockQuantity));
        return id;
    }

    public void delete(long id) {
        items.remove(id);
    }

    public void manageStock(String sku, boolean manageStock) {
        Item item = bySku(sku);
        items.put(item.id, new Item(item.id, item.parentId, item.sku, manageStock, item.stockQuantity));
    }

    /** Sets an item's stock as the shop's own admin would: behind invsync's back. */
    public void setStockQuantity(String sku, long stockQuantity) {
        Item item = bySku(sku);
        items.put(item.id, new Item(item.id, item.parentId, item.sku, item.manageStock, stockQuantity));
    }

    public Long stockQuantity(String sku) {
        return bySku(sku).stockQuantity;
    }

    public int calls() {
        return calls.get();
    }

    public int productBatches() {
        return productBatches.get();
    }

    public int variationBatches() {
        return variationBatches.get();
    }

    public int lookups() {
        return lookups.get();
    }

    public int tooLarge() {
        return tooLarge.get();
    }

    public int itemsReceived() {
        return itemsReceived.get();
    }

    private Item bySku(String sku) {
        return items.values().stream().filter(i -> i.sku.equals(sku)).findFirst().orElseThrow();
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        if (hangThis(exchange)) {
            return;
        }
        try (exchange) {
            byte[] body = SimulatedApi.body(exchange);
            if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, 401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
                return;
            }
            if (throttleThis()) {
                exchange.getResponseHeaders().set("Retry-After", "2");
                error(exchange, 429, "too_many_requests", "Too many requests.");
                return;
            }
            if (failThis()) {
                error(exchange, 500, "internal_server_error", "There has been a critical error on this website.");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher variations = VARIATIONS.matcher(path);
            if ("GET".equals(method) && path.equals("/wp-json/wc/v3/products")) {
                lookups.incrementAndGet();
                list(exchange, query(exchange.getRequestURI().getRawQuery()));
            } else if ("POST".equals(method) && path.equals("/wp-json/wc/v3/products/batch")) {
                productBatches.incrementAndGet();
                batch(exchange, JSON.readTree(body), null);
            } else if ("POST".equals(method) && variations.matches()) {
                variationBatches.incrementAndGet();
                long parent = Long.parseLong(variations.group(1));
                Item parentItem = items.get(parent);
                if (parentItem == null || parentItem.parentId != 0) {
                    error(exchange, 404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
                    return;
                }
                batch(exchange, JSON.readTree(body), parent);
            } else {
                error(exchange, 404, "rest_no_route", "No route was found matching the URL and request method.");
            }
        }
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        List<String> skus = Arrays.asList(query.getOrDefault("sku", "").split(","));
        int perPage = Integer.parseInt(query.getOrDefault("per_page", "10"));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        List<Map<String, Object>> all = items.values().stream().filter(i -> skus.contains(i.sku))
                .sorted((a, b) -> Long.compare(a.id, b.id)).map(Item::json).toList();
        int from = Math.min(all.size(), (page - 1) * perPage);
        exchange.getResponseHeaders().set("X-WP-Total", String.valueOf(all.size()));
        exchange.getResponseHeaders().set("X-WP-TotalPages", String.valueOf(Math.max(1, (all.size() + perPage - 1) / perPage)));
        json(exchange, 200, all.subList(from, Math.min(all.size(), from + perPage)));
    }

    private void batch(HttpExchange exchange, JsonNode request, Long parent) throws IOException {
        int size = request.path("create").size() + request.path("update").size() + request.path("delete").size();
        if (size > batchLimit) {
            tooLarge.incrementAndGet();
            error(exchange, 413, "woocommerce_rest_request_entity_too_large",
                    "Unable to accept more than " + batchLimit + " items for this request.");
            return;
        }
        List<Object> updated = new ArrayList<>();
        for (JsonNode update : request.path("update")) {
            itemsReceived.incrementAndGet();
            long id = update.path("id").asLong(-1);
            Item item = items.get(id);
            boolean belongs = item != null && (parent == null ? item.parentId == 0 : item.parentId == parent);
            if (!belongs) {
                updated.add(Map.of("id", id, "error", Map.of("code", parent == null
                        ? "woocommerce_rest_product_invalid_id" : "woocommerce_rest_product_variation_invalid_id",
                        "message", "Invalid ID.", "data", Map.of("status", 400))));
                continue;
            }
            boolean manageStock = update.has("manage_stock") ? update.path("manage_stock").asBoolean() : item.manageStock;
            Long quantity = item.stockQuantity;
            if (manageStock && update.has("stock_quantity")) {
                quantity = update.path("stock_quantity").asLong();
            } // without stock management the quantity is dropped, silently
            Item after = new Item(id, item.parentId, item.sku, manageStock, quantity);
            items.put(id, after);
            updated.add(after.json());
        }
        json(exchange, 200, Map.of("update", updated));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, Map.of("code", code, "message", message, "data", Map.of("status", status)));
    }

    private record Item(long id, long parentId, String sku, boolean manageStock, Long stockQuantity) {

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("parent_id", parentId);
            json.put("sku", sku);
            json.put("type", parentId == 0 ? "simple" : "variation");
            json.put("manage_stock", manageStock);
            json.put("stock_quantity", stockQuantity);
            return json;
        }
    }
}
