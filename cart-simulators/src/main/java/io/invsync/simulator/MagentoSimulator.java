package io.invsync.simulator;

import java.io.IOException;
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
 * /products?searchCriteria} and {@code GET /inventory/source-items?searchCriteria} (filters
 * {@code searchCriteria[filterGroups][g][filters][f][field|value|conditionType]}, {@code eq} or {@code in}, with
 * {@code [pageSize]} and {@code [currentPage]}; a page past the last answers the last page again, as Magento does),
 * and {@code POST /inventory/source-items}, which answers {@code 200 []} (the schema declares no success answer;
 * this is what Magento sends) — for an unknown SKU too, leaving an orphan source item — and refuses a whole batch
 * with 400 when a source is unknown or an item is refused (without naming it). Errors are the schema's
 * error-response: {@code {message, parameters: [{resources|fieldName|fieldValue}]}}. Every request is checked
 * against Adobe's published Admin REST schema 2.4.9 (shared/vendor-specs) and refused with 400 when it does not
 * conform. Switchable: refused SKUs, 503s, requests never answered (timeouts).
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
            byte[] body = SimulatedApi.body(exchange);
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
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Map<String, List<String>> filters = filters(query);
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
                List<Object> items = products.values().stream()
                        .filter(p -> matches(filters, Map.of("sku", p.sku))).map(Product::json)
                        .map(Object.class::cast).toList();
                json(exchange, 200, page(items, query));
            } else if ("GET".equals(method) && path.equals("/inventory/source-items")) {
                sourceItemSearches.incrementAndGet();
                List<Object> items = new ArrayList<>();
                new java.util.TreeMap<>(sourceItems).forEach((key, quantity) -> {
                    String sku = key.substring(0, key.lastIndexOf('@'));
                    String code = key.substring(key.lastIndexOf('@') + 1);
                    if (matches(filters, Map.of("sku", sku, "source_code", code))) {
                        items.add(Map.of("sku", sku, "source_code", code, "quantity", quantity, "status", quantity > 0 ? 1 : 0));
                    }
                });
                json(exchange, 200, page(items, query));
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

    private static final Pattern FILTER = Pattern.compile("searchCriteria\\[filterGroups]\\[\\d+]\\[filters]\\[\\d+]");

    /**
     * searchCriteria filters as field → the values it may have ({@code eq}: one, {@code in}: a comma-separated list);
     * an item must match every filter (filter groups are ANDed; one filter per group here).
     */
    private static Map<String, List<String>> filters(Map<String, String> query) {
        Map<String, List<String>> filters = new HashMap<>();
        query.forEach((key, field) -> {
            if (key.endsWith("[field]") && FILTER.matcher(key.substring(0, key.length() - "[field]".length())).matches()) {
                String prefix = key.substring(0, key.length() - "[field]".length());
                String value = query.getOrDefault(prefix + "[value]", "");
                boolean in = "in".equals(query.getOrDefault(prefix + "[conditionType]", "eq"));
                filters.put(field, in ? Arrays.asList(value.split(",")) : List.of(value));
            }
        });
        return filters;
    }

    private static boolean matches(Map<String, List<String>> filters, Map<String, String> item) {
        return filters.entrySet().stream().allMatch(f -> f.getValue().contains(item.get(f.getKey())));
    }

    /** One page of the search results; a page past the last is the last page again, as in Magento. */
    private static Map<String, Object> page(List<Object> items, Map<String, String> query) {
        int size = Integer.parseInt(query.getOrDefault("searchCriteria[pageSize]", "20"));
        int pages = Math.max(1, (items.size() + size - 1) / Math.max(size, 1));
        int page = Math.min(pages, Math.max(1, Integer.parseInt(query.getOrDefault("searchCriteria[currentPage]", "1"))));
        int from = Math.min(items.size(), (page - 1) * size);
        return Map.of("items", items.subList(from, Math.min(items.size(), from + size)),
                "search_criteria", Map.of("page_size", size, "current_page", page), "total_count", items.size());
    }

    /** The schema's error-response: each parameter an object naming one placeholder of the message. */
    private static void error(HttpExchange exchange, int status, String message, Map<String, String> parameters)
            throws IOException {
        List<Map<String, String>> list = parameters.entrySet().stream().map(p -> Map.of(p.getKey(), p.getValue()))
                .toList();
        json(exchange, status, Map.of("message", message, "parameters", list));
    }

    private record Product(long id, String sku, boolean manageStock) {

        Map<String, Object> json() {
            return Map.of("id", id, "sku", sku, "type_id", "simple", "extension_attributes",
                    Map.of("stock_item", Map.of("manage_stock", manageStock)));
        }
    }
}
