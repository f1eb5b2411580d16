package io.invsync.cartpush.bigcommerce;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import io.invsync.cartpush.push.CartConnector;
import io.invsync.cartpush.push.CallPacer;
import io.invsync.cartpush.push.CartHttp;
import io.invsync.cartpush.push.CartRequest;
import io.invsync.cartpush.push.CartResponse;
import io.invsync.cartpush.push.LookupBeforePush;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.EventJson;
import io.invsync.events.PushOutcome;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * BigCommerce's V3 Inventory API (shared/CART_APIS.md, "BigCommerce").
 *
 * <p>{@code baseUrl} is the store's API root including the store hash, e.g.
 * {@code https://api.bigcommerce.com/stores/abc123}; every path below is appended to it ({@code /v3/...}; a
 * trailing {@code /v3} on the setting is tolerated). {@code location} is the BigCommerce location id (blank: 1,
 * the default location). The secret is the store's API token, sent as {@code X-Auth-Token} and nowhere else.
 *
 * <ul>
 *   <li>Push: {@code PUT /v3/inventory/adjustments/absolute}, up to 2000 items, one request at a time per store
 *   (concurrent absolute adjustments apply in an unpredictable order). The 200 {@code {transaction_id}} means the
 *   store accepted the batch; it applies it asynchronously, so nothing is read back to confirm it.</li>
 *   <li>A 422 is all-or-nothing: nothing of that request was applied. When it names items (an {@code errors} key
 *   or a title {@code identities: [...]} matching an item's sku or product id) only those are REJECTED and the
 *   rest is sent again; when it names none, the batch is halved and each half sent again (bisection) until the
 *   refused items are isolated, within a budget of extra calls per push, after which the unresolved items are
 *   REJECTED with the store's title.</li>
 *   <li>Catalog: {@code GET /v3/inventory/items?sku:in=…&location_id:in=…} gives the tracked items, their ids and
 *   on-hand quantity at the location; values it does not list are looked up with {@code GET
 *   /v3/catalog/variants?sku=} (unknown or untracked?), and {@code GET /v3/catalog/products?id:in=…} gives each
 *   product's {@code inventory_tracking} ({@code none} = tracking disabled), at most 250 ids a call (the
 *   published {@code limit} maximum of products_catalog.v3.yml).</li>
 *   <li>{@code cartItemRef} is {@code product/<id>} when the product tracks inventory at product level and the
 *   value is the product's own sku (the adjustment then goes by {@code product_id}, as the store demands), else
 *   {@code variant/<id>} (the adjustment goes by {@code sku}). Items pushed without a catalog read are looked up
 *   first, so an unknown or untracked item is never sent and never reported PUSHED.</li>
 *   <li>Rate limit: {@code X-Rate-Limit-Requests-Left} reaching 0 pauses calls to the store for
 *   {@code X-Rate-Limit-Time-Reset-Ms}; a 429 is retryable after that same header.</li>
 * </ul>
 */
@Component
class BigCommerceConnector implements CartConnector {

    private static final Logger log = LoggerFactory.getLogger(BigCommerceConnector.class);

    /** The store's own cap on items per absolute adjustment. */
    static final int MAX_ITEMS_PER_ADJUSTMENT = 2000;
    /** The catalog's documented maximum of {@code limit} on {@code GET /v3/catalog/products}: one page per read. */
    static final int MAX_PRODUCTS_PER_READ = 250;
    private static final Pattern IDENTITIES = Pattern.compile("identities:\\s*\\[([^\\]]*)\\]");
    private static final String REASON = "invsync: available quantity from the warehouse system";
    private static final String ADJUST_ABSOLUTE = "/v3/inventory/adjustments/absolute";

    private final CartHttp.Vendor http;
    private final int batchLimit;
    private final int catalogBatchLimit;
    private final Duration minimumCallInterval;
    private final Duration timeout;
    private final int extraCallBudget;
    private final Map<String, ReentrantLock> storeLocks = new ConcurrentHashMap<>();
    private final CallPacer pacer;
    private final LookupBeforePush lookupFirst;

    BigCommerceConnector(@Value("${invsync.bigcommerce.batch-limit:2000}") int batchLimit,
            @Value("${invsync.bigcommerce.catalog-batch-limit:50}") int catalogBatchLimit,
            @Value("${invsync.bigcommerce.minimum-call-interval:PT0.2S}") Duration minimumCallInterval,
            @Value("${invsync.bigcommerce.timeout:PT30S}") Duration timeout,
            @Value("${invsync.bigcommerce.extra-call-budget:24}") int extraCallBudget,
            CartHttp http, CallPacer pacer) {
        this.http = http.vendor(CartType.BIGCOMMERCE, "the store");
        this.pacer = pacer;
        this.batchLimit = Math.max(1, Math.min(batchLimit, MAX_ITEMS_PER_ADJUSTMENT));
        this.catalogBatchLimit = Math.max(1, catalogBatchLimit);
        this.minimumCallInterval = minimumCallInterval;
        this.timeout = timeout;
        this.extraCallBudget = Math.max(0, extraCallBudget);
        this.lookupFirst = new LookupBeforePush(this.catalogBatchLimit, StoreRefusal.class,
                value -> "the store has no product or variant with sku '" + value + "'",
                "the product's inventory_tracking is none in the store");
    }

    @Override
    public CartType type() {
        return CartType.BIGCOMMERCE;
    }

    /** 150 requests per 30 s on Standard and Plus plans: one call per 200 ms (the default) stays under it. */
    @Override
    public Limits limits() {
        return new Limits(batchLimit, catalogBatchLimit, minimumCallInterval);
    }

    @Override
    public List<ItemResult> push(CartSettingsChanged cart, String secret, String batchId, List<PushItem> items) {
        Store store = Store.of(cart);
        List<ItemResult> results = new ArrayList<>();
        if (store.locationId() == null) {
            String reason = "cart location '" + cart.location() + "' is not a BigCommerce location id";
            items.forEach(item -> results.add(new ItemResult(item.aliasValue(), PushOutcome.REJECTED, reason)));
            return results;
        }
        LookupBeforePush.Resolved resolved = lookupFirst.resolve(items, values -> read(store, secret, values));
        results.addAll(resolved.results());
        List<Adjustment> adjustments = resolved.known().stream()
                .map(known -> Adjustment.of(known.item(), known.cartItemRef())).toList();
        if (!adjustments.isEmpty()) {
            results.addAll(adjust(store, secret, adjustments));
        }
        return results;
    }

    /**
     * Sends the adjustments, isolating what a 422 refuses: named items are rejected and the rest re-sent, an
     * unnamed refusal is bisected within the extra-call budget.
     */
    private List<ItemResult> adjust(Store store, String secret, List<Adjustment> adjustments) {
        List<ItemResult> results = new ArrayList<>();
        Deque<List<Adjustment>> queue = new ArrayDeque<>();
        queue.add(adjustments);
        int extraCalls = -1;
        while (!queue.isEmpty()) {
            List<Adjustment> chunk = queue.poll();
            extraCalls++;
            CartResponse<String> response = putAbsolute(store, secret, chunk);
            int status = response.status();
            if (status == 200) {
                chunk.forEach(a -> results.add(new ItemResult(a.aliasValue(), PushOutcome.PUSHED, null)));
                continue;
            }
            if (status != 422) {
                String reason = refusal(status, problem(response.body()).title());
                chunk.forEach(a -> results.add(new ItemResult(a.aliasValue(), PushOutcome.REJECTED, reason)));
                continue;
            }
            Problem problem = problem(response.body());
            Map<Adjustment, String> named = problem.named(chunk);
            if (!named.isEmpty()) {
                named.forEach((a, message) -> results.add(new ItemResult(a.aliasValue(), PushOutcome.REJECTED,
                        "the store refused it (HTTP 422): " + message)));
                List<Adjustment> rest = chunk.stream().filter(a -> !named.containsKey(a)).toList();
                if (!rest.isEmpty()) {
                    queue.addFirst(rest);
                }
            } else if (chunk.size() > 1 && extraCalls + queue.size() + 2 <= extraCallBudget) {
                int half = chunk.size() / 2;
                queue.addFirst(chunk.subList(half, chunk.size()));
                queue.addFirst(chunk.subList(0, half));
            } else {
                String reason = "the store refused " + (chunk.size() == 1 ? "it" : "a batch of " + chunk.size()
                        + " items holding it, none of which was applied") + " (HTTP 422): " + problem.title();
                chunk.forEach(a -> results.add(new ItemResult(a.aliasValue(), PushOutcome.REJECTED, reason)));
            }
        }
        return results;
    }

    private CartResponse<String> putAbsolute(Store store, String secret, List<Adjustment> chunk) {
        List<Map<String, Object>> body = new ArrayList<>();
        for (Adjustment a : chunk) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("location_id", store.locationId());
            item.put(a.identityField(), a.identityField().equals("sku") ? a.identity() : Long.parseLong(a.identity()));
            item.put("quantity", a.quantity());
            body.add(item);
        }
        byte[] json = EventJson.write(Map.of("reason", REASON, "items", body));
        ReentrantLock lock = storeLocks.computeIfAbsent(store.root(), r -> new ReentrantLock());
        lock.lock(); // one absolute adjustment at a time per store: concurrent ones apply in any order
        try {
            return send(store, secret, CartRequest.of(HttpMethod.PUT, URI.create(store.root() + ADJUST_ABSOLUTE),
                    ADJUST_ABSOLUTE, "application/json", json));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<CatalogItem> readCatalog(CartSettingsChanged cart, String secret, List<String> aliasValues) {
        Store store = Store.of(cart);
        if (store.locationId() == null) {
            throw new IllegalStateException("cart " + cart.cartId() + ": location '" + cart.location()
                    + "' is not a BigCommerce location id");
        }
        return read(store, secret, aliasValues);
    }

    private List<CatalogItem> read(Store store, String secret, List<String> aliasValues) {
        Map<String, Found> found = new LinkedHashMap<>();
        // tracked items at the location, with their ids and quantity
        for (int page = 1, pages = 1; page <= pages; page++) {
            JsonNode answer = getJson(store, secret, "/v3/inventory/items", "?sku:in=" + joined(aliasValues)
                    + "&location_id:in=" + store.locationId() + "&limit=250&page=" + page);
            for (JsonNode item : answer.path("data")) {
                String sku = item.path("identity").path("sku").asString(null);
                if (sku == null || !aliasValues.contains(sku)) {
                    continue;
                }
                Long quantity = null;
                for (JsonNode location : item.path("locations")) {
                    if (location.path("location_id").asLong(-1) == store.locationId()) {
                        // on hand, not available_to_sell: an absolute adjustment overrides the on-hand level, and
                        // the store itself takes the merchant's safety_stock off it for shoppers
                        // (inventory.v3.yml, ItemResponse); comparing what invsync sets with available_to_sell would
                        // see a difference after every push wherever a safety stock is set
                        JsonNode onHand = location.path("total_inventory_onhand");
                        quantity = onHand.isNumber() ? onHand.asLong() : null;
                    }
                }
                found.put(sku, new Found(item.path("identity").path("product_id").asLong(0),
                        item.path("identity").path("variant_id").asLong(0), quantity));
            }
            pages = answer.path("meta").path("pagination").path("total_pages").asInt(1);
        }
        // values the inventory does not list are unknown or untracked: the catalog tells which
        for (String value : aliasValues) {
            if (!found.containsKey(value)) {
                for (JsonNode variant : getJson(store, secret, "/v3/catalog/variants", "?sku="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8)).path("data")) {
                    if (value.equals(variant.path("sku").asString(null))) {
                        found.put(value, new Found(variant.path("product_id").asLong(0), variant.path("id").asLong(0), null));
                    }
                }
            }
        }
        Map<Long, JsonNode> products = new HashMap<>();
        Set<Long> productIds = new LinkedHashSet<>();
        found.values().forEach(f -> productIds.add(f.productId()));
        List<Long> ids = List.copyOf(productIds);
        for (int from = 0; from < ids.size(); from += MAX_PRODUCTS_PER_READ) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_PRODUCTS_PER_READ));
            for (JsonNode product : getJson(store, secret, "/v3/catalog/products", "?id:in="
                    + String.join(",", chunk.stream().map(String::valueOf).toList())
                    + "&include_fields=sku,inventory_tracking&limit=" + chunk.size()).path("data")) {
                products.put(product.path("id").asLong(), product);
            }
        }
        List<CatalogItem> items = new ArrayList<>();
        for (String value : aliasValues) {
            Found f = found.get(value);
            JsonNode product = f == null ? null : products.get(f.productId());
            if (f == null || product == null) {
                items.add(new CatalogItem(value, false, false, null, null));
                continue;
            }
            String tracking = product.path("inventory_tracking").asString("none");
            boolean byProduct = "product".equals(tracking) && value.equals(product.path("sku").asString(null));
            String ref = byProduct ? "product/" + f.productId() : "variant/" + f.variantId();
            items.add(new CatalogItem(value, true, !"none".equals(tracking), ref, f.quantity()));
        }
        return items;
    }

    private JsonNode getJson(Store store, String secret, String path, String query) {
        CartResponse<String> response = send(store, secret, CartRequest.get(URI.create(store.root() + path + query), path));
        if (response.status() != 200) {
            throw new StoreRefusal(refusal(response.status(), problem(response.body()).title()));
        }
        return json(response.body());
    }

    /**
     * One call to the store: waits out a pause the rate-limit headers asked for, records the next one, and turns
     * 429, 5xx, timeouts and connection failures into {@link RetryableCartException}.
     */
    private CartResponse<String> send(Store store, String secret, CartRequest request) {
        String gate = "bigcommerce/" + store.root();
        pacer.awaitTurn(gate, Duration.ZERO); // the pace itself is the cart's (Retrying); this waits out a reset
        CartResponse<String> response = http.send(request.timeout(timeout)
                .header("X-Auth-Token", secret)
                .header("Accept", "application/json"));
        Optional<Duration> reset = header(response, "X-Rate-Limit-Time-Reset-Ms").map(Duration::ofMillis);
        Optional<Long> left = header(response, "X-Rate-Limit-Requests-Left");
        if (reset.isPresent() && (response.status() == 429 || left.filter(l -> l <= 0).isPresent())) {
            log.debug("store {}: its rate-limit window is spent, no call for {} ms", store.root(), reset.get().toMillis());
            pacer.holdFor(gate, reset.get());
        }
        // BigCommerce says when its quota window resets: that is its hint
        return http.retryableIfThrottledOrFailing(response, reset.orElse(null), "");
    }

    private static Optional<Long> header(CartResponse<?> response, String name) {
        return response.header(name).flatMap(value -> {
            try {
                return Optional.of(Math.max(0, Math.min(Long.parseLong(value.strip()), 300_000)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static String refusal(int status, String title) {
        String detail = title == null || title.isBlank() ? "" : ": " + title;
        return status == 401 || status == 403
                ? "the store refused the token (HTTP " + status + "); check the cart's credentialsRef" + detail
                : "the store refused the call (HTTP " + status + ")" + detail;
    }

    private static String joined(List<String> values) {
        return URLEncoder.encode(String.join(",", values), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String body) {
        return CartHttp.json(body, "the store");
    }

    private static Problem problem(String body) {
        try {
            JsonNode node = EventJson.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
            Map<String, String> errors = new LinkedHashMap<>();
            node.path("errors").properties().forEach(e -> errors.put(e.getKey(),
                    e.getValue().isString() ? e.getValue().asString() : e.getValue().toString()));
            return new Problem(node.path("title").asString(""), errors);
        } catch (JacksonException e) {
            return new Problem("", Map.of());
        }
    }

    /** The store's API root and the location written to. */
    record Store(String root, Long locationId) {

        static Store of(CartSettingsChanged cart) {
            String root = cart.baseUrl() == null ? "" : cart.baseUrl().strip();
            while (root.endsWith("/")) {
                root = root.substring(0, root.length() - 1);
            }
            if (root.endsWith("/v3")) {
                root = root.substring(0, root.length() - 3);
            }
            Long location;
            try {
                location = cart.location() == null || cart.location().isBlank() ? 1L : Long.parseLong(cart.location().strip());
            } catch (NumberFormatException e) {
                location = null;
            }
            return new Store(root, location);
        }
    }

    /** One item of an absolute adjustment: by sku, or by product id where the product tracks at product level. */
    record Adjustment(String aliasValue, String identityField, String identity, long quantity) {

        static Adjustment of(PushItem item, String ref) {
            long quantity = Math.max(0, item.quantity());
            if (ref != null && ref.startsWith("product/")) {
                return new Adjustment(item.aliasValue(), "product_id", ref.substring("product/".length()), quantity);
            }
            return new Adjustment(item.aliasValue(), "sku", item.aliasValue(), quantity);
        }
    }

    /** The store refused a read (4xx other than 429): not worth retrying. */
    static final class StoreRefusal extends IllegalStateException {

        StoreRefusal(String message) {
            super(message);
        }
    }

    private record Found(long productId, long variantId, Long quantity) {
    }

    /** A 422 problem+json: its title and its {@code errors} map. */
    record Problem(String title, Map<String, String> errors) {

        /** The adjustments the problem names, each with the store's message for it. */
        Map<Adjustment, String> named(List<Adjustment> chunk) {
            Map<Adjustment, String> named = new LinkedHashMap<>();
            for (Map.Entry<String, String> error : errors.entrySet()) {
                match(chunk, error.getKey()).ifPresent(a -> named.put(a, title.isBlank() ? error.getValue()
                        : title + " — " + error.getValue()));
            }
            Matcher identities = IDENTITIES.matcher(title);
            if (identities.find()) {
                for (String identity : identities.group(1).split(",")) {
                    String value = identity.strip().replaceAll("^\"|\"$", "");
                    // numeric identities may be location ids; only skus are matched from the title
                    chunk.stream().filter(a -> a.identityField().equals("sku") && a.identity().equals(value))
                            .findFirst().ifPresent(a -> named.putIfAbsent(a, title));
                }
            }
            return named;
        }

        /** An errors key is an item's identity, its index in the request, or {@code items.N} / {@code items[N]}. */
        private static Optional<Adjustment> match(List<Adjustment> chunk, String key) {
            for (Adjustment a : chunk) {
                if (a.identity().equals(key)) {
                    return Optional.of(a);
                }
            }
            String index = key.replaceAll("^items[.\\[](\\d+)\\]?.*$", "$1");
            if (index.matches("\\d{1,9}")) {
                int i = Integer.parseInt(index);
                if (i < chunk.size()) {
                    return Optional.of(chunk.get(i));
                }
            }
            return Optional.empty();
        }
    }
}
