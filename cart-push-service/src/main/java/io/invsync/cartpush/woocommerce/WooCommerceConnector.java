package io.invsync.cartpush.woocommerce;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import io.invsync.cartpush.push.CartConnector;
import io.invsync.cartpush.push.CartHttp;
import io.invsync.cartpush.push.CartRequest;
import io.invsync.cartpush.push.CartResponse;
import io.invsync.cartpush.push.LookupBeforePush;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.EventJson;
import io.invsync.events.PushOutcome;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * WooCommerce REST v3 (shared/CART_APIS.md, "WooCommerce"). {@code baseUrl} is the shop's root
 * ({@code https://shop.example.com}); paths {@code /wp-json/wc/v3/…} are appended. The secret is
 * {@code consumerKey:consumerSecret}, sent as HTTP Basic and nowhere else.
 *
 * <ul>
 *   <li>Catalog: {@code GET /products?sku=A,B} (exact, may list variations with {@code parent_id}; no match is
 *   {@code 200 []}). {@code cartItemRef} is the product id, or {@code parentId/variationId} for a variation: what
 *   the batch call needs. {@code manage_stock} other than {@code true} is tracking disabled.</li>
 *   <li>Push: {@code POST /products/batch} for products and {@code POST /products/{parentId}/variations/batch}
 *   per parent, at most 100 updates each ({@code {id, stock_quantity}}: invsync never switches
 *   {@code manage_stock} on, that is the merchant's choice). The 200 holds a result per item: an {@code error}
 *   rejects that item only; an item answered with {@code manage_stock} off had its quantity silently dropped
 *   and is TRACKING_DISABLED; PUSHED only when the answer shows the quantity sent. A 413 halves the batch.</li>
 *   <li>Items pushed without a catalog read are looked up first; unknown ones are NOT_IN_CART and never
 *   sent.</li>
 *   <li>No documented rate limit: calls are spaced by {@code minimumCallInterval}; 429 (with its Retry-After),
 *   5xx and timeouts are retryable. No compare-and-set: last write wins.</li>
 * </ul>
 */
@Component
class WooCommerceConnector implements CartConnector {

    /** The store's cap on create + update + delete per batch call. */
    static final int MAX_ITEMS_PER_BATCH = 100;
    private static final String API = "/wp-json/wc/v3";
    private static final String PRODUCTS_BATCH = "/products/batch";

    private final CartHttp.Vendor http;
    private final int batchLimit;
    private final Duration minimumCallInterval;
    private final Duration timeout;
    private final LookupBeforePush lookupFirst;

    WooCommerceConnector(@Value("${invsync.woocommerce.batch-limit:100}") int batchLimit,
            @Value("${invsync.woocommerce.minimum-call-interval:PT0.1S}") Duration minimumCallInterval,
            @Value("${invsync.woocommerce.timeout:PT30S}") Duration timeout,
            CartHttp http) {
        this.http = http.vendor(CartType.WOOCOMMERCE, "the store");
        this.batchLimit = Math.max(1, Math.min(batchLimit, MAX_ITEMS_PER_BATCH));
        this.minimumCallInterval = minimumCallInterval;
        this.timeout = timeout;
        this.lookupFirst = new LookupBeforePush(this.batchLimit, StoreRefusal.class,
                value -> "the store has no product or variation with sku '" + value + "'", UNTRACKED);
    }

    @Override
    public CartType type() {
        return CartType.WOOCOMMERCE;
    }

    @Override
    public Limits limits() {
        return new Limits(batchLimit, batchLimit, minimumCallInterval);
    }

    @Override
    public List<ItemResult> push(CartSettingsChanged cart, String secret, String batchId, List<PushItem> items) {
        String root = root(cart);
        List<ItemResult> results = new ArrayList<>();
        Optional<String> auth = basic(secret);
        if (auth.isEmpty()) {
            items.forEach(item -> results.add(new ItemResult(item.aliasValue(), PushOutcome.REJECTED, BAD_SECRET)));
            return results;
        }
        LookupBeforePush.Resolved resolved = lookupFirst.resolve(items, values -> read(root, auth.get(), values));
        results.addAll(resolved.results());
        // one batch endpoint for products, one per parent for variations
        Map<String, List<Update>> byEndpoint = new LinkedHashMap<>();
        for (LookupBeforePush.Known known : resolved.known()) {
            PushItem item = known.item();
            String ref = known.cartItemRef();
            Optional<Update> update = Update.of(item, ref);
            if (update.isEmpty()) {
                results.add(new ItemResult(item.aliasValue(), PushOutcome.REJECTED,
                        "the catalog reference '" + ref + "' is not a WooCommerce id; refresh the catalog"));
                continue;
            }
            String endpoint = update.get().parentId() == null ? PRODUCTS_BATCH
                    : "/products/" + update.get().parentId() + "/variations/batch";
            byEndpoint.computeIfAbsent(endpoint, e -> new ArrayList<>()).add(update.get());
        }
        byEndpoint.forEach((endpoint, updates) -> results.addAll(batch(root, auth.get(), endpoint, updates)));
        return results;
    }

    private static final String BAD_SECRET = "the cart's secret must be consumerKey:consumerSecret; check its credentialsRef";
    private static final String UNTRACKED = "manage_stock is off for it in the store, which drops the quantity";

    private List<ItemResult> batch(String root, String auth, String endpoint, List<Update> updates) {
        List<ItemResult> results = new ArrayList<>();
        Deque<List<Update>> queue = new ArrayDeque<>();
        for (int from = 0; from < updates.size(); from += batchLimit) {
            queue.add(updates.subList(from, Math.min(updates.size(), from + batchLimit)));
        }
        while (!queue.isEmpty()) {
            List<Update> chunk = queue.poll();
            List<Map<String, Object>> body = chunk.stream()
                    .map(u -> Map.<String, Object>of("id", u.id(), "stock_quantity", u.quantity())).toList();
            CartResponse<String> response = send(auth, CartRequest.json(HttpMethod.POST, URI.create(root + API + endpoint),
                    API + (chunk.get(0).parentId() == null ? PRODUCTS_BATCH : "/products/{parentId}/variations/batch"),
                    Map.of("update", body)));
            int status = response.status();
            if (status == 413 && chunk.size() > 1) {
                // the store's batch limit is lower than documented (a filter can lower it): halve
                queue.addFirst(chunk.subList(chunk.size() / 2, chunk.size()));
                queue.addFirst(chunk.subList(0, chunk.size() / 2));
                continue;
            }
            if (status != 200) {
                String reason = refusal(status, response.body());
                chunk.forEach(u -> results.add(new ItemResult(u.aliasValue(), PushOutcome.REJECTED, reason)));
                continue;
            }
            Map<Long, JsonNode> answered = new HashMap<>();
            for (JsonNode item : json(response.body()).path("update")) {
                answered.put(item.path("id").asLong(-1), item);
            }
            for (Update u : chunk) {
                JsonNode item = answered.get(u.id());
                if (item == null) {
                    continue; // no result: the pusher records FAILED rather than guess
                }
                results.add(outcome(u, item));
            }
        }
        return results;
    }

    /** The truth of one item's answer: only a stock-managed item showing the quantity sent is PUSHED. */
    private static ItemResult outcome(Update u, JsonNode item) {
        JsonNode error = item.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            return new ItemResult(u.aliasValue(), PushOutcome.REJECTED, "the store refused it: "
                    + error.path("code").asString("") + ": " + error.path("message").asString(""));
        }
        JsonNode manageStock = item.path("manage_stock");
        if (!(manageStock.isBoolean() && manageStock.asBoolean())) {
            return new ItemResult(u.aliasValue(), PushOutcome.TRACKING_DISABLED, UNTRACKED);
        }
        JsonNode quantity = item.path("stock_quantity");
        if (!quantity.isNumber() || quantity.asLong() != u.quantity()) {
            return new ItemResult(u.aliasValue(), PushOutcome.REJECTED, "the store answered stock_quantity "
                    + (quantity.isNumber() ? quantity.asLong() : "null") + " instead of " + u.quantity());
        }
        return new ItemResult(u.aliasValue(), PushOutcome.PUSHED, null);
    }

    @Override
    public List<CatalogItem> readCatalog(CartSettingsChanged cart, String secret, List<String> aliasValues) {
        String auth = basic(secret).orElseThrow(() -> new IllegalStateException(BAD_SECRET));
        return read(root(cart), auth, aliasValues);
    }

    private List<CatalogItem> read(String root, String auth, List<String> aliasValues) {
        Map<String, CatalogItem> found = new HashMap<>();
        for (int page = 1, pages = 1; page <= pages; page++) {
            CartResponse<String> response = send(auth, CartRequest.get(URI.create(root + API + "/products?sku="
                    + URLEncoder.encode(String.join(",", aliasValues), StandardCharsets.UTF_8)
                    + "&per_page=100&page=" + page), API + "/products"));
            if (response.status() != 200) {
                throw new StoreRefusal(refusal(response.status(), response.body()));
            }
            for (JsonNode product : json(response.body())) {
                String sku = product.path("sku").asString("");
                if (!aliasValues.contains(sku)) {
                    continue; // match exactly on this side too
                }
                long parent = product.path("parent_id").asLong(0);
                String ref = parent > 0 ? parent + "/" + product.path("id").asLong() : String.valueOf(product.path("id").asLong());
                JsonNode manageStock = product.path("manage_stock");
                JsonNode quantity = product.path("stock_quantity");
                found.put(sku, new CatalogItem(sku, true, manageStock.isBoolean() && manageStock.asBoolean(), ref,
                        quantity.isNumber() ? quantity.asLong() : null));
            }
            pages = response.header("X-WP-TotalPages").map(WooCommerceConnector::integer).orElse(1);
        }
        return aliasValues.stream().map(v -> found.getOrDefault(v, new CatalogItem(v, false, false, null, null))).toList();
    }

    private CartResponse<String> send(String auth, CartRequest request) {
        return http.sendRetryingThrottles(request.timeout(timeout)
                .header("Authorization", auth)
                .header("Accept", "application/json"));
    }

    private static String root(CartSettingsChanged cart) {
        String root = cart.baseUrl() == null ? "" : cart.baseUrl().strip();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root.endsWith(API) ? root.substring(0, root.length() - API.length()) : root;
    }

    private static Optional<String> basic(String secret) {
        if (secret == null || secret.indexOf(':') <= 0) {
            return Optional.empty();
        }
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static String refusal(int status, String body) {
        String detail = "";
        try {
            JsonNode error = EventJson.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
            if (error.has("code")) {
                detail = ": " + error.path("code").asString("") + ": " + error.path("message").asString("");
            }
        } catch (JacksonException e) {
            // no error body to quote
        }
        return status == 401 || status == 403
                ? "the store refused the consumer key (HTTP " + status + "); check the cart's credentialsRef" + detail
                : "the store refused the call (HTTP " + status + ")" + detail;
    }

    private static int integer(String value) {
        try {
            return Math.max(0, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static JsonNode json(String body) {
        return CartHttp.json(body, "the store");
    }

    /** One stock update: a product ({@code parentId} null) or a variation of {@code parentId}. */
    record Update(String aliasValue, Long parentId, long id, long quantity) {

        static Optional<Update> of(PushItem item, String ref) {
            try {
                int slash = ref.indexOf('/');
                long quantity = Math.max(0, item.quantity());
                return Optional.of(slash < 0 ? new Update(item.aliasValue(), null, Long.parseLong(ref), quantity)
                        : new Update(item.aliasValue(), Long.parseLong(ref.substring(0, slash)),
                                Long.parseLong(ref.substring(slash + 1)), quantity));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** The store refused a read (4xx other than 429): not worth retrying. */
    static final class StoreRefusal extends IllegalStateException {

        StoreRefusal(String message) {
            super(message);
        }
    }
}
