package io.invsync.cartpush.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import io.invsync.cartpush.push.CartConnector;
import io.invsync.cartpush.push.CartHttp;
import io.invsync.cartpush.push.CartRequest;
import io.invsync.cartpush.push.CartResponse;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.EventJson;
import io.invsync.events.PushOutcome;
import tools.jackson.databind.JsonNode;

/**
 * invsync's own contract for carts with no connector (shared/CART_APIS.md, last section): {@code POST baseUrl}
 * with {@code {cartId, items:[{aliasValue, quantity, idempotencyKey}]}}, signed with HMAC-SHA256 of the body in
 * {@code X-Invsync-Signature}; the answer lists per item {@code APPLIED}, {@code UNKNOWN_ITEM}, {@code UNTRACKED}
 * or {@code REJECTED} with a reason. {@code POST baseUrl/catalog} answers what the cart holds.
 */
@Component
class WebhookConnector implements CartConnector {

    private final CartHttp.Vendor http;
    private final int batchLimit;
    private final Duration minimumCallInterval;
    private final Duration timeout;

    WebhookConnector(@Value("${invsync.webhook.batch-limit:500}") int batchLimit,
            @Value("${invsync.webhook.minimum-call-interval:PT0.05S}") Duration minimumCallInterval,
            @Value("${invsync.webhook.timeout:PT10S}") Duration timeout,
            CartHttp http) {
        this.http = http.vendor(CartType.WEBHOOK, "the cart");
        this.batchLimit = batchLimit;
        this.minimumCallInterval = minimumCallInterval;
        this.timeout = timeout;
    }

    @Override
    public CartType type() {
        return CartType.WEBHOOK;
    }

    @Override
    public Limits limits() {
        return new Limits(batchLimit, batchLimit, minimumCallInterval);
    }

    @Override
    public List<ItemResult> push(CartSettingsChanged cart, String secret, String batchId, List<PushItem> items) {
        // the cart's settings are narrowed to one location per batch: each item names it, when the cart names one
        String location = cart.location();
        List<Map<String, Object>> body = items.stream().map(item -> {
            Map<String, Object> pushed = new LinkedHashMap<>();
            if (location != null) {
                pushed.put("location", location);
            }
            pushed.put("aliasValue", item.aliasValue());
            pushed.put("quantity", item.quantity());
            pushed.put("idempotencyKey", batchId + ":" + (location == null ? "" : location + ":") + item.aliasValue());
            return pushed;
        }).toList();
        CartResponse<String> response = post(secret, cart.baseUrl(), "{baseUrl}",
                Map.of("cartId", cart.cartId(), "items", body));
        if (response.status() != 200) {
            String reason = refusal(cart, response.status());
            return items.stream().map(item -> new ItemResult(item.aliasValue(), PushOutcome.REJECTED, reason)).toList();
        }
        return results(response.body());
    }

    /**
     * {@code POST baseUrl/catalog} with {@code {cartId, aliasValues, location?}}: {@code {items:[{aliasValue, exists,
     * tracked, itemRef, quantity}]}}.
     */
    @Override
    public List<CatalogItem> readCatalog(CartSettingsChanged cart, String secret, List<String> aliasValues) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("cartId", cart.cartId());
        request.put("aliasValues", aliasValues);
        if (cart.location() != null) {
            request.put("location", cart.location());
        }
        CartResponse<String> response = post(secret, cart.baseUrl() + "/catalog", "{baseUrl}/catalog", request);
        if (response.status() != 200) {
            throw new RetryableCartException(refusal(cart, response.status()), (Duration) null);
        }
        Map<String, CatalogItem> byValue = new java.util.HashMap<>();
        for (JsonNode item : json(response.body()).path("items")) {
            String aliasValue = item.path("aliasValue").asString(null);
            if (aliasValue != null) {
                JsonNode quantity = item.path("quantity");
                byValue.put(aliasValue, new CatalogItem(aliasValue, item.path("exists").asBoolean(false),
                        item.path("tracked").asBoolean(false), item.path("itemRef").asString(null),
                        quantity.isNumber() ? quantity.asLong() : null));
            }
        }
        return aliasValues.stream()
                .map(value -> byValue.getOrDefault(value, new CatalogItem(value, false, false, null, null)))
                .toList();
    }

    /** Sends a signed JSON body; 429 and 5xx, timeouts and connection failures are worth another try. */
    private CartResponse<String> post(String secret, String url, String route, Object body) {
        byte[] json = EventJson.write(body);
        return http.sendRetryingThrottles(CartRequest.of(HttpMethod.POST, URI.create(url), route, "application/json", json)
                .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, json))
                .timeout(timeout));
    }

    private static String refusal(CartSettingsChanged cart, int status) {
        return status == 401 || status == 403
                ? "the cart refused the signature (HTTP " + status + "); check credentialsRef " + cart.credentialsRef()
                : "the cart refused the call (HTTP " + status + ")";
    }

    private static JsonNode json(String body) {
        return CartHttp.json(body, "the cart");
    }

    private static List<ItemResult> results(String body) {
        List<ItemResult> results = new ArrayList<>();
        for (JsonNode result : json(body).path("results")) {
            String aliasValue = result.path("aliasValue").asString(null);
            if (aliasValue == null) {
                continue;
            }
            String reason = result.path("reason").isMissingNode() ? null : result.path("reason").asString(null);
            PushOutcome outcome = switch (result.path("status").asString("")) {
                case "APPLIED" -> PushOutcome.PUSHED;
                case "UNKNOWN_ITEM" -> PushOutcome.NOT_IN_CART;
                case "UNTRACKED" -> PushOutcome.TRACKING_DISABLED;
                default -> PushOutcome.REJECTED;
            };
            results.add(new ItemResult(aliasValue, outcome,
                    outcome == PushOutcome.PUSHED ? null : reason == null ? "the cart gave no reason" : reason));
        }
        return results;
    }
}
