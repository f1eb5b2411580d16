package io.invsync.cartpush.magento;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * Magento 2 / Adobe Commerce Multi-Source Inventory (shared/CART_APIS.md, "Magento"; where the two differ, Adobe's
 * published Admin REST schema, shared/vendor-specs/magento/admin-schema-2.4.9.yaml, rules). {@code baseUrl} is the shop's
 * root ({@code https://shop.example.com}); REST calls go to {@code /rest/{store}/V1/…} with the store code
 * {@code invsync.magento.store-code} (default {@code all}: source items are global). {@code location} is the MSI
 * source code (blank: {@code default}). The secret is an integration access token, sent as
 * {@code Authorization: Bearer} and nowhere else.
 *
 * <ul>
 *   <li>Push: {@code POST /V1/inventory/source-items} {@code {sourceItems:[{sku, source_code, quantity,
 *   status}]}}, up to the batch limit per call ({@code status} 1 when the quantity is above 0). The schema declares
 *   no success answer for it (only 400, 401 and a default error), so any 2xx is PUSHED and its body is not read.
 *   Magento answers 2xx for an unknown SKU too, so a SKU is only sent once its existence is known: items
 *   pushed without a catalog read are checked with {@code GET /V1/products/{sku}} first (404: NOT_IN_CART, never
 *   sent). A 400 refuses the whole batch without naming items: it is bisected within an extra-call budget, then
 *   what is left is REJECTED with Magento's message.</li>
 *   <li>Catalog: {@code GET /V1/products?searchCriteria} (sku in …) for existence, id and
 *   {@code stock_item.manage_stock} ({@code false} = tracking disabled), and {@code GET
 *   /V1/inventory/source-items?searchCriteria} (sku in …) for the quantity, taken from the items at the cart's
 *   source. The schema declares one filter per search,
 *   {@code searchCriteria[filterGroups][0][filters][0][field|value|conditionType]}, with
 *   {@code searchCriteria[pageSize]} and {@code [currentPage]}: the source is not a second filter, and results are
 *   read page by page up to {@code total_count}. {@code cartItemRef} is the product id.</li>
 *   <li>No documented rate limit: calls are spaced by {@code minimumCallInterval}; 429, 5xx and timeouts are
 *   retryable.</li>
 * </ul>
 */
@Component
class MagentoConnector implements CartConnector {

    private final CartHttp.Vendor http;
    private final String storeCode;
    private final int batchLimit;
    private final int catalogBatchLimit;
    private final Duration minimumCallInterval;
    private final Duration timeout;
    private final int extraCallBudget;

    MagentoConnector(@Value("${invsync.magento.store-code:all}") String storeCode,
            @Value("${invsync.magento.batch-limit:500}") int batchLimit,
            @Value("${invsync.magento.catalog-batch-limit:100}") int catalogBatchLimit,
            @Value("${invsync.magento.minimum-call-interval:PT0.05S}") Duration minimumCallInterval,
            @Value("${invsync.magento.timeout:PT30S}") Duration timeout,
            @Value("${invsync.magento.extra-call-budget:16}") int extraCallBudget,
            CartHttp http) {
        this.http = http.vendor(CartType.MAGENTO, "the shop");
        this.storeCode = storeCode == null || storeCode.isBlank() ? "all" : storeCode.strip();
        this.batchLimit = Math.max(1, batchLimit);
        this.catalogBatchLimit = Math.max(1, catalogBatchLimit);
        this.minimumCallInterval = minimumCallInterval;
        this.timeout = timeout;
        this.extraCallBudget = Math.max(0, extraCallBudget);
    }

    @Override
    public CartType type() {
        return CartType.MAGENTO;
    }

    @Override
    public Limits limits() {
        return new Limits(batchLimit, catalogBatchLimit, minimumCallInterval);
    }

    @Override
    public List<ItemResult> push(CartSettingsChanged cart, String secret, String batchId, List<PushItem> items) {
        String api = api(cart);
        String source = source(cart);
        // Magento would answer 200 for an unknown SKU: check it exists before sending it
        LookupBeforePush.Resolved resolved = LOOKUP_FIRST.resolve(items, skus -> List.of(product(api, secret,
                skus.get(0))));
        List<ItemResult> results = new ArrayList<>(resolved.results());
        List<PushItem> known = resolved.known().stream().map(LookupBeforePush.Known::item).toList();
        Deque<List<PushItem>> queue = new ArrayDeque<>();
        for (int from = 0; from < known.size(); from += batchLimit) {
            queue.add(known.subList(from, Math.min(known.size(), from + batchLimit)));
        }
        int extraCalls = 0;
        while (!queue.isEmpty()) {
            List<PushItem> chunk = queue.poll();
            List<Map<String, Object>> sourceItems = chunk.stream().map(item -> Map.<String, Object>of(
                    "sku", item.aliasValue(), "source_code", source,
                    "quantity", Math.max(0, item.quantity()), "status", item.quantity() > 0 ? 1 : 0)).toList();
            CartResponse<String> response = send(secret, CartRequest.json(HttpMethod.POST,
                    URI.create(api + "/V1/inventory/source-items"), "/rest/{store}/V1/inventory/source-items",
                    Map.of("sourceItems", sourceItems)));
            if (response.status() / 100 == 2) { // no success answer is declared: any 2xx saved the batch
                chunk.forEach(item -> results.add(new ItemResult(item.aliasValue(), PushOutcome.PUSHED, null)));
            } else if (response.status() == 400 && chunk.size() > 1 && extraCalls + queue.size() + 2 <= extraCallBudget) {
                // Magento saves a batch in one transaction and does not say which item failed: halve to find it
                extraCalls += 2;
                queue.addFirst(chunk.subList(chunk.size() / 2, chunk.size()));
                queue.addFirst(chunk.subList(0, chunk.size() / 2));
            } else {
                String reason = (chunk.size() > 1 ? "a batch of " + chunk.size() + " items holding it, none of which "
                        + "was saved: " : "") + refusal(response);
                chunk.forEach(item -> results.add(new ItemResult(item.aliasValue(), PushOutcome.REJECTED, reason)));
            }
        }
        return results;
    }

    private static final String UNTRACKED = "Manage Stock is off for it in the shop";
    /** One SKU a look-up: {@code GET /V1/products/{sku}}. */
    private static final LookupBeforePush LOOKUP_FIRST = new LookupBeforePush(1, ShopRefusal.class,
            sku -> "the shop has no product with sku '" + sku + "'", UNTRACKED);

    /** What {@code GET /V1/products/{sku}} says of one SKU; a refusal other than 404 is a {@link ShopRefusal}. */
    private CatalogItem product(String api, String secret, String sku) {
        CartResponse<String> response = send(secret, CartRequest.get(URI.create(api + "/V1/products/" + encode(sku)),
                "/rest/{store}/V1/products/{sku}"));
        if (response.status() == 404) {
            return new CatalogItem(sku, false, false, null, null);
        }
        if (response.status() != 200) {
            throw new ShopRefusal(refusal(response));
        }
        JsonNode product = json(response.body());
        return new CatalogItem(sku, true, manageStock(product), String.valueOf(product.path("id").asLong()), null);
    }
    /** A SKU has one source item per source: a search by SKU pages through a few pages at most. */
    private static final int MAX_PAGES = 100;

    @Override
    public List<CatalogItem> readCatalog(CartSettingsChanged cart, String secret, List<String> aliasValues) {
        if (aliasValues.isEmpty()) {
            return List.of();
        }
        String api = api(cart);
        String source = source(cart);
        Map<String, JsonNode> found = new HashMap<>();
        for (JsonNode product : skuSearch(api, secret, "/V1/products", aliasValues)) {
            found.put(product.path("sku").asString(""), product);
        }
        Map<String, Long> quantities = new HashMap<>();
        for (JsonNode item : skuSearch(api, secret, "/V1/inventory/source-items", aliasValues)) {
            JsonNode quantity = item.path("quantity");
            if (source.equals(item.path("source_code").asString(null)) && quantity.isNumber()) {
                quantities.put(item.path("sku").asString(""), (long) Math.floor(quantity.asDouble()));
            }
        }
        return aliasValues.stream().map(value -> {
            JsonNode product = found.get(value);
            return product == null ? new CatalogItem(value, false, false, null, null)
                    : new CatalogItem(value, true, manageStock(product), String.valueOf(product.path("id").asLong()),
                            quantities.get(value));
        }).toList();
    }

    /** Magento's {@code stock_item.manage_stock}; absent means the default, which manages stock. */
    private static boolean manageStock(JsonNode product) {
        JsonNode manage = product.path("extension_attributes").path("stock_item").path("manage_stock");
        return !manage.isBoolean() || manage.asBoolean();
    }

    /**
     * Every item a search with the one declared filter, sku in {@code skus}, finds, page by page: Magento answers a
     * page past the last with the last page again, so paging stops at {@code total_count}.
     */
    private List<JsonNode> skuSearch(String api, String secret, String path, List<String> skus) {
        String filter = "searchCriteria[filterGroups][0][filters][0]";
        String query = encode(filter + "[field]") + "=sku&" + encode(filter + "[value]") + "="
                + encode(String.join(",", skus)) + "&" + encode(filter + "[conditionType]") + "=in&"
                + encode("searchCriteria[pageSize]") + "=" + skus.size();
        List<JsonNode> items = new ArrayList<>();
        for (int page = 1; ; page++) {
            CartResponse<String> response = send(secret, CartRequest.get(URI.create(api + path + "?" + query
                    + "&" + encode("searchCriteria[currentPage]") + "=" + page), "/rest/{store}" + path));
            if (response.status() != 200) {
                throw new IllegalStateException(refusal(response));
            }
            JsonNode answer = json(response.body());
            answer.path("items").forEach(items::add);
            if (answer.path("items").isEmpty() || (long) page * skus.size() >= answer.path("total_count").asLong(0)) {
                return items;
            }
            if (page >= MAX_PAGES) {
                throw new IllegalStateException("the shop's search of " + path + " for " + skus.size()
                        + " SKUs went on past " + MAX_PAGES + " pages");
            }
        }
    }

    private CartResponse<String> send(String secret, CartRequest request) {
        return http.sendRetryingThrottles(request.timeout(timeout)
                .header("Authorization", "Bearer " + secret)
                .header("Accept", "application/json"));
    }

    private String api(CartSettingsChanged cart) {
        String root = cart.baseUrl() == null ? "" : cart.baseUrl().strip();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root + "/rest/" + storeCode;
    }

    private static String source(CartSettingsChanged cart) {
        return cart.location() == null || cart.location().isBlank() ? "default" : cart.location().strip();
    }

    /** Magento's error-response {@code {message, parameters, errors}} with the %placeholders filled in. */
    private static String refusal(CartResponse<String> response) {
        int status = response.status();
        String message = "";
        try {
            JsonNode error = EventJson.mapper().readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
            message = filledIn(error.path("message").asString(""), error.path("parameters"));
            for (JsonNode detail : error.path("errors")) {
                message += "; " + filledIn(detail.path("message").asString(""), detail.path("parameters"));
            }
        } catch (JacksonException e) {
            // no error body to quote
        }
        String detail = message.isBlank() ? "" : ": " + message;
        return status == 401 || status == 403
                ? "the shop refused the access token (HTTP " + status + "); check the cart's credentialsRef" + detail
                : "the shop refused the call (HTTP " + status + ")" + detail;
    }

    /**
     * The schema's {@code parameters} are a list of objects ({@code {resources}}, {@code {fieldName}},
     * {@code {fieldValue}}) naming the {@code %resources}-style placeholders; the n-th also fills {@code %n}. A list of
     * plain values (positional {@code %1}) and one object of names, as some Magento versions send, are read too.
     */
    static String filledIn(String message, JsonNode parameters) {
        String filled = message;
        if (parameters.isObject()) {
            for (Map.Entry<String, JsonNode> parameter : parameters.properties()) {
                filled = filled.replace("%" + parameter.getKey(), text(parameter.getValue()));
            }
        } else if (parameters.isArray()) {
            for (int i = parameters.size() - 1; i >= 0; i--) { // %10 before %1
                JsonNode parameter = parameters.get(i);
                if (parameter.isObject()) {
                    for (Map.Entry<String, JsonNode> named : parameter.properties()) {
                        filled = filled.replace("%" + named.getKey(), text(named.getValue()));
                    }
                    if (parameter.size() == 1) {
                        filled = filled.replace("%" + (i + 1), text(parameter.properties().iterator().next().getValue()));
                    }
                } else {
                    filled = filled.replace("%" + (i + 1), text(parameter));
                }
            }
        }
        return filled;
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asString("") : value.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode json(String body) {
        return CartHttp.json(body, "the shop");
    }

    /** The shop refused a look-up (4xx other than 404 and 429): not worth retrying. */
    static final class ShopRefusal extends IllegalStateException {

        ShopRefusal(String message) {
            super(message);
        }
    }
}
