package io.invsync.cartpush.shopify;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpMethod;

import io.invsync.cartpush.push.CartHttp;
import io.invsync.cartpush.push.CartRequest;
import io.invsync.cartpush.push.CartResponse;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import tools.jackson.databind.JsonNode;

/**
 * One GraphQL call to a shop's Admin API: {@code POST {baseUrl}/admin/api/{version}/graphql.json} with the access
 * token in {@code X-Shopify-Access-Token}. Paces the call by the shop's query-cost bucket, and sorts the answer:
 * THROTTLED (which Shopify answers with HTTP 200), 429, 5xx and timeouts are worth another try
 * ({@link RetryableCartException}); a refused token or query is not ({@link Refused}). The token goes into the
 * header and nowhere else: no message built here contains it.
 */
final class ShopifyGraphql {

    static final String TOKEN_HEADER = "X-Shopify-Access-Token";

    private final CartHttp.Vendor http;
    private final String apiVersion;
    private final Duration timeout;
    private final QueryCostBudget budget;

    ShopifyGraphql(String apiVersion, Duration timeout, QueryCostBudget budget, CartHttp http) {
        this.http = http.vendor(CartType.SHOPIFY, "Shopify");
        this.apiVersion = apiVersion;
        this.timeout = timeout;
        this.budget = budget;
    }

    /** Shopify refused the call in a way another try will not change; the message is safe to record as a reason. */
    static final class Refused extends IllegalStateException {

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Runs {@code query} and returns its {@code data}. {@code units} is how many items the call carries, so the cost
     * of the next call of the same {@code operation} can be foreseen from this one's; {@code fallbackCost} is used
     * before any answer said.
     */
    JsonNode execute(CartSettingsChanged cart, String secret, String operation, String query,
            Map<String, Object> variables, int units, double fallbackCost) {
        budget.reserve(cart.cartId(), budget.estimate(cart.cartId(), operation, units, fallbackCost));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        CartResponse<String> response = http.sendRetryingThrottles(CartRequest.json(HttpMethod.POST, endpoint(cart),
                        "/admin/api/{version}/graphql.json", body)
                .header("Accept", "application/json")
                .header(TOKEN_HEADER, secret)
                .timeout(timeout));
        int status = response.status();
        if (status == 401 || status == 403) {
            throw new Refused("Shopify refused the access token (HTTP " + status + "); check the secret named by "
                    + "credentialsRef '" + cart.credentialsRef() + "' and its write_inventory scope");
        }
        if (status != 200) {
            throw new Refused("Shopify refused the call (HTTP " + status + ")");
        }
        JsonNode answer = json(response.body());
        JsonNode cost = answer.path("extensions").path("cost");
        if (!cost.isMissingNode()) {
            budget.observe(cart.cartId(), operation, units, cost);
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode error : answer.path("errors")) {
            String code = error.path("extensions").path("code").asString("");
            String message = error.path("message").asString("");
            if ("THROTTLED".equals(code) || "Throttled".equalsIgnoreCase(message)) {
                throw new RetryableCartException(throttled(cost), QueryCostBudget.retryAfter(cost));
            }
            if ("INTERNAL_SERVER_ERROR".equals(code) || "SERVICE_UNAVAILABLE".equals(code)) {
                throw new RetryableCartException("Shopify failed the call: " + message, (Duration) null);
            }
            problems.add(code.isEmpty() ? message : code + ": " + message);
        }
        // an "errors" that is a string (e.g. a bad token answered with 200 by a proxy) is a refusal too
        if (answer.path("errors").isString()) {
            problems.add(answer.path("errors").asString());
        }
        if (!problems.isEmpty() || !answer.path("data").isObject()) {
            throw new Refused("Shopify refused the " + operation + " call: "
                    + (problems.isEmpty() ? "the answer has no data" : String.join("; ", problems)));
        }
        return answer.path("data");
    }

    private URI endpoint(CartSettingsChanged cart) {
        String base = cart.baseUrl() == null ? "" : cart.baseUrl().strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.isEmpty()) {
            throw new Refused("cart " + cart.cartId() + " has no baseUrl (https://{shop}.myshopify.com)");
        }
        try {
            return URI.create(base + "/admin/api/" + apiVersion + "/graphql.json");
        } catch (IllegalArgumentException e) {
            throw new Refused("cart " + cart.cartId() + " has a baseUrl that is not a URL");
        }
    }

    private static String throttled(JsonNode cost) {
        JsonNode status = cost.path("throttleStatus");
        if (!cost.path("requestedQueryCost").isNumber() || !status.path("currentlyAvailable").isNumber()) {
            return "Shopify throttled the call (THROTTLED)";
        }
        return String.format(java.util.Locale.ROOT,
                "Shopify throttled the call (THROTTLED): it costs %.0f points, %.0f of %.0f are available, "
                        + "restoring %.0f/s",
                cost.path("requestedQueryCost").asDouble(), status.path("currentlyAvailable").asDouble(),
                status.path("maximumAvailable").asDouble(0), status.path("restoreRate").asDouble(0));
    }

    private static JsonNode json(String body) {
        return CartHttp.json(body, "Shopify");
    }
}
