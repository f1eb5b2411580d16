package io.invsync.cartpush.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

import tools.jackson.databind.JsonNode;

/**
 * A stateful Magento 2 shop with Multi-Source Inventory, speaking the REST subset of shared/CART_APIS.md under
 * {@code /rest/{store}/V1} (Bearer token): {@code GET /products/{sku}} (404 for an unknown SKU), {@code GET
 * /products?searchCriteria} and {@code GET /inventory/source-items?searchCriteria} (sku {@code in}, source_code
 * {@code eq}), and {@code POST /inventory/source-items}, which answers {@code 200 []} — for an unknown SKU too,
 * leaving an orphan source item — and refuses a whole batch with 400 when a source is unknown or an item is
 * refused (without naming it). Switchable: refused SKUs, 503s, requests never answered (timeouts).
 */
public final class MagentoSimulator extends SimulatedApi {

    private static final Pattern REST = Pattern.compile("/rest/([^/]+)/V1(/.*)");

    private final String token;
    private final Map<String, Product> products = new ConcurrentHashMap<>();
    private final Set<String> sources = ConcurrentHashMap.newKeySet();
    private final Map<String, Double> sourceItems = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextId = new AtomicInteger(2000);
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger productGets = new AtomicInteger();
    private final AtomicInteger productSearches = new AtomicInteger();
    private final AtomicInteger sourceItemSearches = new AtomicInteger();
    private final AtomicInteger sourceItemSaves = new AtomicInteger();
    private final AtomicInteger itemsReceived = new AtomicInteger();
    private final AtomicInteger orphanSourceItems = new AtomicInteger();

    public MagentoSimulator(String token) {
        super("Magento", OpenApiCheck.of(MagentoSimulator::specPath, "magento/admin-schema-2.4.9.yaml"));
        this.token = token;
        sources.add("default");
    }

    /** The shop's root, the cart's {@code baseUrl}. */
    public String url() {
        return root();
    }

    public void addSource(String sourceCode) {
        sources.add(sourceCode);
    }

    public long product(String sku, boolean manageStock) {
        long id = nextId.incrementAndGet();
        products.put(sku, new Product(id, sku, manageStock));
        return id;
    }

    public void setQuantity(String sku, String source, double quantity) {
        sourceItems.put(sku + "@" + source, quantity);
    }

    public Double quantity(String sku, String source) {
        return sourceItems.get(sku + "@" + source);
    }

    /** Saving a batch holding this SKU fails with a 400 that does not name it. */
    public void refuse(String sku) {
        refused.add(sku);
    }

    public int calls() {
        return calls.get();
    }

    public int productGets() {
        return productGets.get();
    }

    public int productSearches() {
        return productSearches.get();
    }

    public int sourceItemSearches() {
        return sourceItemSearches.get();
    }

    public int sourceItemSaves() {
        return sourceItemSaves.get();
    }

    public int itemsReceived() {
        return itemsReceived.get();
    }

    /** Source items saved for SKUs that have no product: what a push without an existence check leaves behind. */
    public int orphanSourceItems() {
        return orphanSourceItems.get();
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
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, 401, "The consumer isn't authorized to access %resources.",
                        Map.of("resources", "Magento_InventoryApi::source_items"));
                return;
            }
            List<String> problems = specProblems(exchange);
            if (!problems.isEmpty()) {
                error(exchange, 400, "The request does not conform to the API: %fieldName",
                        Map.of("fieldName", String.join("; ", problems)));
                return;
            }
            if (failThis()) {
                error(exchange, 503, "Service Unavailable", Map.of());
                return;
            }
            Matcher rest = REST.matcher(exchange.getRequestURI().getRawPath());
            if (!rest.matches()) {
                error(exchange, 404, "Request does not match any route.", Map.of());
                return;
            }
            String path = rest.group(2);
            String method = exchange.getRequestMethod();
            Map<String, String> filters = filters(exchange.getRequestURI().getRawQuery());
            if ("GET".equals(method) && path.startsWith("/products/")) {
                productGets.incrementAndGet();
                Product product = products.get(URLDecoder.decode(path.substring("/products/".length()), StandardCharsets.UTF_8));
                if (product == null) {
                    error(exchange, 404, "The product that was requested doesn't exist. Verify the product and try again.",
                            Map.of());
                } else {
                    json(exchange, 200, product.json());
                }
            } else if ("GET".equals(method) && path.equals("/products")) {
                productSearches.incrementAndGet();
                List<String> skus = Arrays.asList(filters.getOrDefault("sku", "").split(","));
                List<Object> items = products.values().stream().filter(p -> skus.contains(p.sku)).map(Product::json)
                        .map(Object.class::cast).toList();
                json(exchange, 200, Map.of("items", items, "total_count", items.size()));
            } else if ("GET".equals(method) && path.equals("/inventory/source-items")) {
                sourceItemSearches.incrementAndGet();
                List<String> skus = Arrays.asList(filters.getOrDefault("sku", "").split(","));
                String source = filters.get("source_code");
                List<Object> items = new ArrayList<>();
                sourceItems.forEach((key, quantity) -> {
                    String sku = key.substring(0, key.lastIndexOf('@'));
                    String code = key.substring(key.lastIndexOf('@') + 1);
                    if (skus.contains(sku) && (source == null || source.equals(code))) {
                        items.add(Map.of("sku", sku, "source_code", code, "quantity", quantity, "status", quantity > 0 ? 1 : 0));
                    }
                });
                json(exchange, 200, Map.of("items", items, "total_count", items.size()));
            } else if ("POST".equals(method) && path.equals("/inventory/source-items")) {
                sourceItemSaves.incrementAndGet();
                save(exchange, JSON.readTree(body));
            } else {
                error(exchange, 404, "Request does not match any route.", Map.of());
            }
        }
    }

    private void save(HttpExchange exchange, JsonNode request) throws IOException {
        Map<String, Double> toSave = new LinkedHashMap<>();
        for (JsonNode item : request.path("sourceItems")) {
            itemsReceived.incrementAndGet();
            String sku = item.path("sku").asString("");
            String source = item.path("source_code").asString("");
            if (!sources.contains(source)) {
                error(exchange, 400, "Could not save Source Item", Map.of());
                return;
            }
            if (refused.contains(sku)) {
                error(exchange, 400, "Validation Failed", Map.of());
                return;
            }
            toSave.put(sku + "@" + source, item.path("quantity").asDouble());
        }
        toSave.keySet().stream().filter(key -> !products.containsKey(key.substring(0, key.lastIndexOf('@'))))
                .forEach(key -> orphanSourceItems.incrementAndGet()); // Magento says 200 all the same
        sourceItems.putAll(toSave);
        json(exchange, 200, List.of());
    }

    /** The document declares paths under its basePath {@code /rest/default}: {@code /V1/…} whatever the store. */
    private static String specPath(String path) {
        Matcher rest = REST.matcher(path);
        return rest.matches() ? "/V1" + rest.group(2) : path;
    }

    /** searchCriteria filters as field → value. */
    private static Map<String, String> filters(String raw) {
        Map<String, String> query = query(raw);
        Map<String, String> filters = new HashMap<>();
        query.forEach((key, field) -> {
            if (key.endsWith("[field]")) {
                filters.put(field, query.getOrDefault(key.substring(0, key.length() - "[field]".length()) + "[value]", ""));
            }
        });
        return filters;
    }

    private static void error(HttpExchange exchange, int status, String message, Map<String, String> parameters)
            throws IOException {
        json(exchange, status, Map.of("message", message, "parameters", parameters));
    }

    private record Product(long id, String sku, boolean manageStock) {

        Map<String, Object> json() {
            return Map.of("id", id, "sku", sku, "type_id", "simple", "extension_attributes",
                    Map.of("stock_item", Map.of("manage_stock", manageStock)));
        }
    }
}
