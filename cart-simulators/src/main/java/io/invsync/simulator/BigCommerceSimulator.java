package io.invsync.simulator;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

import tools.jackson.databind.JsonNode;

/**
 * A stateful BigCommerce store speaking the V3 Inventory and Catalog API subset of shared/CART_APIS.md:
 * {@code PUT /stores/{hash}/v3/inventory/adjustments/absolute} (at most 2000 items, all-or-nothing 422
 * problem+json, 200 {@code {transaction_id}} applied only after {@code applyDelay}, so reads right after show the
 * old value), {@code GET /v3/inventory/items?sku:in=&location_id:in=} (tracked items only), {@code GET
 * /v3/catalog/variants?sku=} and {@code GET /v3/catalog/products?id:in=}. Products track inventory {@code none},
 * by {@code product} or by {@code variant}. Every answer carries the rate-limit headers of a fixed window; over the
 * quota it answers 429. Switchable: forced 429s, 500s, requests never answered (timeouts), whether a 422 names the
 * refused items, and whether an adjustment of an untracked item is refused or silently ignored (unconfirmed). An
 * item's safety stock makes its {@code available_to_sell} its on-hand quantity less the safety stock. Products are
 * listed {@code limit} a page (default 50). Every request is checked against BigCommerce's published OpenAPI
 * documents (shared/vendor-specs) and refused with 400 when it does not conform.
 */
public final class BigCommerceSimulator extends SimulatedApi {

    private static final long MAX_QUANTITY = 2_147_483_647L;
    private static final String HASH = "simstore";
    /** BigCommerce publishes one document per API; each declares its paths under /stores/{store_hash}/v3. */
    private static final java.util.function.Supplier<SpecCheck> SPEC = () -> OpenApiCheck.of(
            path -> path.startsWith("/stores/" + HASH + "/v3/") ? path.substring(("/stores/" + HASH + "/v3").length())
                    : path,
            "bigcommerce/inventory.v3.yml", "bigcommerce/product-variants_catalog.v3.yml",
            "bigcommerce/products_catalog.v3.yml");

    /** What the store does with an absolute adjustment of an item whose product has inventory_tracking none. */
    public enum Untracked { REFUSE, IGNORE }

    private final String hash = HASH;
    private final String token;
    private final Duration applyDelay;
    private int quota;
    private Duration window;
    private final ScheduledExecutorService applier = Executors.newSingleThreadScheduledExecutor();
    private final Map<Long, Product> products = new ConcurrentHashMap<>();
    private final Map<String, Variant> variantsBySku = new ConcurrentHashMap<>();
    private final Map<String, Long> quantities = new ConcurrentHashMap<>();
    private final Map<String, Long> safetyStocks = new ConcurrentHashMap<>();
    private final Set<Long> locations = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextId = new AtomicInteger(100);
    private final AtomicInteger adjustmentCalls = new AtomicInteger();
    private final AtomicInteger inventoryReads = new AtomicInteger();
    private final AtomicInteger variantReads = new AtomicInteger();
    private final AtomicInteger productReads = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger itemsReceived = new AtomicInteger();
    private final AtomicInteger pendingTransactions = new AtomicInteger();
    private final AtomicInteger adjustmentsInFlight = new AtomicInteger();
    private final AtomicInteger maxAdjustmentsInFlight = new AtomicInteger();
    private volatile boolean namesRefusedItems = true;
    private volatile Untracked untracked = Untracked.REFUSE;
    private long windowStartNanos = System.nanoTime();
    private int windowCount;

    /**
     * @param applyDelay how long after the 200 an adjustment is applied
     * @param quota requests per {@code window} before the store answers 429
     */
    public BigCommerceSimulator(String token, Duration applyDelay, int quota, Duration window) {
        super("BigCommerce", SPEC.get());
        this.token = token;
        this.applyDelay = applyDelay;
        this.quota = quota;
        this.window = window;
        locations.add(1L);
    }

    /**
     * From now on {@code quota} requests per {@code window} (a plan's quota: Standard and Plus 150 / 30 s, Pro 450),
     * counted in a new window.
     */
    public synchronized void quota(int quota, Duration window) {
        this.quota = quota;
        this.window = window;
        windowStartNanos = System.nanoTime();
        windowCount = 0;
    }

    /** The store's API root, the cart's {@code baseUrl}. */
    public String url() {
        return root() + "/stores/" + hash;
    }

    public void addLocation(long locationId) {
        locations.add(locationId);
    }

    /** A product whose base variant has the product's sku; {@code tracking} is none, product or variant. */
    public long product(String sku, String tracking) {
        long id = nextId.incrementAndGet();
        Product product = new Product(id, sku, tracking);
        products.put(id, product);
        variantsBySku.put(sku, new Variant(nextId.incrementAndGet(), id, sku));
        return id;
    }

    /** Another variant of the product with sku {@code productSku}. */
    public long variant(String productSku, String sku) {
        Product product = products.values().stream().filter(p -> p.sku.equals(productSku)).findFirst().orElseThrow();
        long id = nextId.incrementAndGet();
        variantsBySku.put(sku, new Variant(id, product.id, sku));
        return id;
    }

    /** Sets the quantity at a location as if someone changed it in the store's admin. */
    public void setQuantity(String sku, long locationId, long quantity) {
        quantities.put(inventoryKey(variantsBySku.get(sku), locationId), quantity);
    }

    /** The merchant's safety stock for the sku at the location: shoppers can buy on hand less this. */
    public void setSafetyStock(String sku, long locationId, long safetyStock) {
        safetyStocks.put(inventoryKey(variantsBySku.get(sku), locationId), safetyStock);
    }

    /** The quantity the store holds for the sku's inventory item at the location (null when never set). */
    public Long quantity(String sku, long locationId) {
        return quantities.get(inventoryKey(variantsBySku.get(sku), locationId));
    }

    public int adjustmentCalls() {
        return adjustmentCalls.get();
    }

    public int inventoryReads() {
        return inventoryReads.get();
    }

    public int variantReads() {
        return variantReads.get();
    }

    public int productReads() {
        return productReads.get();
    }

    public int calls() {
        return calls.get();
    }

    public int throttled() {
        return throttled.get();
    }

    public int itemsReceived() {
        return itemsReceived.get();
    }

    /** Accepted adjustments not applied yet. */
    public int pendingTransactions() {
        return pendingTransactions.get();
    }

    /** The most absolute adjustments that were ever being handled at once. */
    public int maxAdjustmentsInFlight() {
        return maxAdjustmentsInFlight.get();
    }

    /** Whether a 422 names the refused items (title identities and errors keys) or only says the batch failed. */
    public void namesRefusedItems(boolean names) {
        namesRefusedItems = names;
    }

    public void untrackedAdjustments(Untracked mode) {
        untracked = mode;
    }

    @Override
    public void close() {
        super.close();
        applier.shutdownNow();
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        if (hangThis(exchange)) { // answered never: the client's timeout fires
            return;
        }
        try (exchange) {
            byte[] body = SimulatedApi.body(exchange);
            String path = exchange.getRequestURI().getPath();
            String prefix = "/stores/" + hash + "/v3";
            if (!token.equals(exchange.getRequestHeaders().getFirst("X-Auth-Token"))) {
                problem(exchange, 401, "Unauthorized", Map.of());
                return;
            }
            List<String> problems = specProblems(exchange);
            if (!problems.isEmpty()) {
                problem(exchange, 400, "The request does not conform to the API: " + String.join("; ", problems),
                        Map.of());
                return;
            }
            long resetMs = rateLimit(exchange);
            if (resetMs >= 0 || throttleThis()) {
                throttled.incrementAndGet();
                exchange.getResponseHeaders().set("X-Rate-Limit-Time-Reset-Ms", String.valueOf(Math.max(resetMs, 20)));
                exchange.getResponseHeaders().set("X-Rate-Limit-Requests-Left", "0");
                problem(exchange, 429, "Too many requests", Map.of());
                return;
            }
            if (failThis()) {
                problem(exchange, 500, "Internal Server Error", Map.of());
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String method = exchange.getRequestMethod();
            if ("PUT".equals(method) && path.equals(prefix + "/inventory/adjustments/absolute")) {
                adjustmentCalls.incrementAndGet();
                int inFlight = adjustmentsInFlight.incrementAndGet();
                maxAdjustmentsInFlight.accumulateAndGet(inFlight, Math::max);
                try {
                    absolute(exchange, JSON.readTree(body));
                } finally {
                    adjustmentsInFlight.decrementAndGet();
                }
            } else if ("GET".equals(method) && path.equals(prefix + "/inventory/items")) {
                inventoryReads.incrementAndGet();
                inventoryItems(exchange, query);
            } else if ("GET".equals(method) && path.equals(prefix + "/catalog/variants")) {
                variantReads.incrementAndGet();
                List<Map<String, Object>> data = new ArrayList<>();
                Variant variant = variantsBySku.get(query.getOrDefault("sku", ""));
                if (variant != null) {
                    data.add(Map.of("id", variant.id, "product_id", variant.productId, "sku", variant.sku));
                }
                json(exchange, 200, Map.of("data", data, "meta", pagination(data.size(), 1)));
            } else if ("GET".equals(method) && path.equals(prefix + "/catalog/products")) {
                productReads.incrementAndGet();
                List<Map<String, Object>> all = new ArrayList<>();
                for (String id : query.getOrDefault("id:in", "").split(",")) {
                    Product product = id.isBlank() ? null : products.get(Long.parseLong(id));
                    if (product != null) {
                        all.add(Map.of("id", product.id, "sku", product.sku, "inventory_tracking", product.tracking));
                    }
                }
                int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
                int page = Integer.parseInt(query.getOrDefault("page", "1"));
                int from = Math.min(all.size(), (page - 1) * limit);
                json(exchange, 200, Map.of("data", all.subList(from, Math.min(all.size(), from + limit)),
                        "meta", pagination(all.size(), (all.size() + limit - 1) / Math.max(limit, 1))));
            } else {
                problem(exchange, 404, "Not found", Map.of());
            }
        }
    }

    /** Counts the request in the current window; returns the ms to the window's reset when over quota, else -1. */
    private synchronized long rateLimit(HttpExchange exchange) {
        long now = System.nanoTime();
        if (now - windowStartNanos >= window.toNanos()) {
            windowStartNanos = now;
            windowCount = 0;
        }
        windowCount++;
        long resetMs = Math.max(1, (windowStartNanos + window.toNanos() - now) / 1_000_000);
        exchange.getResponseHeaders().set("X-Rate-Limit-Requests-Quota", String.valueOf(quota));
        exchange.getResponseHeaders().set("X-Rate-Limit-Time-Window-Ms", String.valueOf(window.toMillis()));
        exchange.getResponseHeaders().set("X-Rate-Limit-Time-Reset-Ms", String.valueOf(resetMs));
        exchange.getResponseHeaders().set("X-Rate-Limit-Requests-Left", String.valueOf(Math.max(0, quota - windowCount)));
        return windowCount > quota ? resetMs : -1;
    }

    private void absolute(HttpExchange exchange, JsonNode request) throws IOException {
        JsonNode items = request.path("items");
        itemsReceived.addAndGet(items.size());
        if (items.size() > 2000) {
            problem(exchange, 422, "The items array may hold at most 2000 items", Map.of());
            return;
        }
        List<String> badLocations = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, Long> toApply = new LinkedHashMap<>();
        for (JsonNode item : items) {
            long location = item.path("location_id").asLong(-1);
            if (!locations.contains(location)) {
                badLocations.add(String.valueOf(location));
                continue;
            }
            String identity;
            String error = null;
            Variant variant = null;
            Product product = null;
            if (item.has("sku")) {
                identity = item.path("sku").asString();
                variant = variantsBySku.get(identity);
                product = variant == null ? null : products.get(variant.productId);
                if (variant == null) {
                    error = "Inventory item with sku " + identity + " not found";
                } else if ("product".equals(product.tracking)) {
                    error = "Item with variant_id " + variant.id + " is tracked by product, please update stock by product id";
                }
            } else if (item.has("product_id")) {
                identity = String.valueOf(item.path("product_id").asLong());
                product = products.get(item.path("product_id").asLong());
                if (product == null) {
                    error = "Product with id " + identity + " not found";
                } else if ("variant".equals(product.tracking)) {
                    error = "Item with product_id " + identity + " is tracked by variant, please update stock by variant id";
                } else {
                    variant = variantsBySku.get(product.sku);
                }
            } else {
                identity = String.valueOf(item.path("variant_id").asLong());
                error = "Item identity is missing: one of sku, variant_id, product_id is required";
            }
            long quantity = item.path("quantity").asLong(-1);
            if (error == null && (quantity < 0 || quantity > MAX_QUANTITY)) {
                error = "Quantity must be between 0 and " + MAX_QUANTITY;
            }
            if (error == null && "none".equals(product.tracking)) {
                if (untracked == Untracked.REFUSE) {
                    error = "Inventory tracking is disabled for product " + product.id;
                } else {
                    continue; // accepted and dropped
                }
            }
            if (error != null) {
                errors.put(identity, error);
            } else {
                toApply.put(inventoryKey(variant, location), quantity);
            }
        }
        if (!badLocations.isEmpty()) {
            problem(exchange, 422, "Location not found, identities: [" + String.join(",", badLocations) + "]", Map.of());
        } else if (!errors.isEmpty()) {
            if (namesRefusedItems) {
                problem(exchange, 422, "Inventory adjustment failed, identities: [" + String.join(",", errors.keySet()) + "]",
                        errors);
            } else {
                problem(exchange, 422, "Bulk operation has failed", Map.of());
            }
        } else {
            pendingTransactions.incrementAndGet();
            // the store applies absolute adjustments asynchronously
            applier.schedule(() -> {
                quantities.putAll(toApply);
                pendingTransactions.decrementAndGet();
            }, applyDelay.toNanos(), TimeUnit.NANOSECONDS);
            json(exchange, 200, Map.of("transaction_id", UUID.randomUUID().toString()));
        }
    }

    private void inventoryItems(HttpExchange exchange, Map<String, String> query) throws IOException {
        List<String> skus = Arrays.asList(query.getOrDefault("sku:in", "").split(","));
        List<Long> wanted = query.containsKey("location_id:in")
                ? Arrays.stream(query.get("location_id:in").split(",")).map(Long::parseLong).toList()
                : List.copyOf(locations);
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        List<Map<String, Object>> all = new ArrayList<>();
        for (String sku : skus) {
            Variant variant = variantsBySku.get(sku);
            Product product = variant == null ? null : products.get(variant.productId);
            // only tracked items are inventory items; a product tracked by product is listed under its own sku
            if (product == null || "none".equals(product.tracking)
                    || ("product".equals(product.tracking) && !product.sku.equals(sku))) {
                continue;
            }
            List<Map<String, Object>> at = new ArrayList<>();
            for (long location : wanted) {
                Long quantity = quantities.getOrDefault(inventoryKey(variant, location), 0L);
                long safetyStock = safetyStocks.getOrDefault(inventoryKey(variant, location), 0L);
                at.add(Map.of("location_id", location, "available_to_sell", Math.max(0, quantity - safetyStock),
                        "total_inventory_onhand", quantity, "location_enabled", true,
                        "settings", Map.of("safety_stock", safetyStock)));
            }
            all.add(Map.of("identity", Map.of("sku", sku, "variant_id", variant.id, "product_id", product.id),
                    "locations", at));
        }
        int from = Math.min(all.size(), (page - 1) * limit);
        List<Map<String, Object>> data = all.subList(from, Math.min(all.size(), from + limit));
        json(exchange, 200, Map.of("data", data, "meta", pagination(all.size(), (all.size() + limit - 1) / Math.max(limit, 1))));
    }

    private String inventoryKey(Variant variant, long location) {
        if (variant == null) {
            return location + ":unknown";
        }
        Product product = products.get(variant.productId);
        return "product".equals(product.tracking) ? location + ":P" + product.id : location + ":V" + variant.id;
    }

    private static Map<String, Object> pagination(int total, int pages) {
        return Map.of("pagination", Map.of("total", total, "total_pages", Math.max(pages, 1)));
    }

    private static void problem(HttpExchange exchange, int status, String title, Map<String, String> errors)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("title", title);
        body.put("type", "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes");
        body.put("errors", errors);
        send(exchange, status, "application/problem+json", body);
    }

    private record Product(long id, String sku, String tracking) {
    }

    private record Variant(long id, long productId, String sku) {
    }
}
