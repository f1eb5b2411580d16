package io.invsync.cartpush.amazon;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.invsync.cartpush.push.CartConnector;
import io.invsync.cartpush.push.CartHttp;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.EventJson;
import io.invsync.events.PushOutcome;
import io.invsync.support.OutboundPolicy;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Amazon Selling Partner API, Listings Items 2021-08-01 (shared/CART_APIS.md, "Amazon"). {@code baseUrl} is the
 * SP-API regional endpoint ({@code https://sellingpartnerapi-na.amazon.com}); {@code location} is
 * {@code SELLER_ID/MARKETPLACE_ID} (e.g. {@code A2EXAMPLE/ATVPDKIKX0DER}: one marketplace per cart). The secret
 * is the LWA access token, sent as {@code x-amz-access-token} and nowhere else.
 *
 * <ul>
 *   <li>Existence: {@code GET /listings/2021-08-01/items/{sellerId}/{sku}?marketplaceIds=…&includedData=
 *   summaries,fulfillmentAvailability}; 404 is NOT_IN_CART. Amazon answers a PATCH of an unknown SKU with
 *   ACCEPTED and creates an offer-only listing, so a SKU whose existence is not known is never patched: items
 *   pushed without a catalog read are looked up first. {@code cartItemRef} is the listing's product type, which
 *   the PATCH must carry. A listing whose fulfillment availability lists only Amazon channels (FBA) has its
 *   quantity kept by Amazon: tracking disabled for invsync.</li>
 *   <li>Push: {@code PATCH} replacing {@code /attributes/fulfillment_availability} with
 *   {@code [{fulfillment_channel_code: DEFAULT, quantity}]}, one SKU per call (batch limit 1; the bulk
 *   alternative, JSON_LISTINGS_FEED, is asynchronous and not used). {@code ACCEPTED} is PUSHED; {@code INVALID}
 *   (with HTTP 200) is REJECTED with its issues.</li>
 *   <li>Rate: 5 requests/s, burst 5, per account: one call per 200 ms, kept by the pacer and, for a lookup and its
 *   PATCH inside one push, here. 429 QuotaExceeded, 5xx and timeouts are retryable.</li>
 * </ul>
 */
@Component
class AmazonConnector implements CartConnector {

    private static final String ITEMS = "/listings/2021-08-01/items/";

    private final HttpClient http;
    private final OutboundPolicy outbound;
    private final Duration minimumCallInterval;
    private final Duration timeout;
    private final Map<String, long[]> nextCallNanos = new ConcurrentHashMap<>();

    AmazonConnector(@Value("${invsync.amazon.minimum-call-interval:PT0.2S}") Duration minimumCallInterval,
            @Value("${invsync.amazon.timeout:PT30S}") Duration timeout,
            OutboundPolicy outbound) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.outbound = outbound;
        this.minimumCallInterval = minimumCallInterval;
        this.timeout = timeout;
    }

    @Override
    public CartType type() {
        return CartType.AMAZON;
    }

    @Override
    public Limits limits() {
        return new Limits(1, 1, minimumCallInterval);
    }

    @Override
    public List<ItemResult> push(CartSettingsChanged cart, String secret, String batchId, List<PushItem> items) {
        Optional<Account> account = Account.of(cart);
        List<ItemResult> results = new ArrayList<>();
        for (PushItem item : items) {
            if (account.isEmpty()) {
                results.add(new ItemResult(item.aliasValue(), PushOutcome.REJECTED, Account.BAD_LOCATION));
                continue;
            }
            String productType = item.cartItemRef();
            if (productType == null) {
                CatalogItem read;
                try {
                    read = read(account.get(), secret, item.aliasValue());
                } catch (Refusal e) {
                    results.add(new ItemResult(item.aliasValue(), PushOutcome.REJECTED,
                            "looking it up before the push: " + e.getMessage()));
                    continue;
                }
                if (!read.exists()) {
                    results.add(new ItemResult(item.aliasValue(), PushOutcome.NOT_IN_CART, "the seller has no listing "
                            + "with sku '" + item.aliasValue() + "' in marketplace " + account.get().marketplaceId()));
                    continue;
                }
                if (!read.inventoryTracked()) {
                    results.add(new ItemResult(item.aliasValue(), PushOutcome.TRACKING_DISABLED, FULFILLED_BY_AMAZON));
                    continue;
                }
                productType = read.cartItemRef();
            }
            results.add(patch(account.get(), secret, item, productType));
        }
        return results;
    }

    private static final String FULFILLED_BY_AMAZON =
            "the listing is fulfilled by Amazon only: Amazon keeps its quantity";

    private ItemResult patch(Account account, String secret, PushItem item, String productType) {
        Map<String, Object> body = Map.of("productType", productType, "patches", List.of(Map.of(
                "op", "replace", "path", "/attributes/fulfillment_availability",
                "value", List.of(Map.of("fulfillment_channel_code", "DEFAULT", "quantity", Math.max(0, item.quantity()))))));
        HttpResponse<String> response = send(account, secret, HttpRequest.newBuilder(itemUri(account, item.aliasValue(), ""))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(EventJson.write(body))));
        if (response.statusCode() != 200) {
            return new ItemResult(item.aliasValue(), PushOutcome.REJECTED, refusal(response));
        }
        JsonNode answer = json(response.body());
        String status = answer.path("status").asString("");
        if ("ACCEPTED".equals(status)) {
            return new ItemResult(item.aliasValue(), PushOutcome.PUSHED, null);
        }
        return new ItemResult(item.aliasValue(), PushOutcome.REJECTED, "Amazon answered " + (status.isEmpty() ? "no status" : status)
                + issues(answer.path("issues")));
    }

    @Override
    public List<CatalogItem> readCatalog(CartSettingsChanged cart, String secret, List<String> aliasValues) {
        Account account = Account.of(cart).orElseThrow(() -> new IllegalStateException(Account.BAD_LOCATION));
        return aliasValues.stream().map(value -> read(account, secret, value)).toList();
    }

    private CatalogItem read(Account account, String secret, String sku) {
        HttpResponse<String> response = send(account, secret,
                HttpRequest.newBuilder(itemUri(account, sku, "&includedData=summaries,fulfillmentAvailability")).GET());
        if (response.statusCode() == 404) {
            return new CatalogItem(sku, false, false, null, null);
        }
        if (response.statusCode() != 200) {
            throw new Refusal(refusal(response));
        }
        JsonNode listing = json(response.body());
        String productType = "PRODUCT";
        for (JsonNode summary : listing.path("summaries")) {
            if (account.marketplaceId().equals(summary.path("marketplaceId").asString(account.marketplaceId()))
                    && summary.hasNonNull("productType")) {
                productType = summary.path("productType").asString();
            }
        }
        Long quantity = null;
        boolean amazonOnly = !listing.path("fulfillmentAvailability").isEmpty();
        for (JsonNode availability : listing.path("fulfillmentAvailability")) {
            if ("DEFAULT".equals(availability.path("fulfillmentChannelCode").asString(""))) {
                amazonOnly = false;
                quantity = availability.path("quantity").isNumber() ? availability.path("quantity").asLong() : null;
            }
        }
        return new CatalogItem(sku, true, !amazonOnly, productType, quantity);
    }

    private URI itemUri(Account account, String sku, String extraQuery) {
        return URI.create(account.endpoint() + ITEMS + encode(account.sellerId()) + "/" + encode(sku)
                + "?marketplaceIds=" + encode(account.marketplaceId()) + extraQuery);
    }

    /** One call, spaced from the previous call for the same seller; 429, 5xx, timeouts are retryable. */
    private HttpResponse<String> send(Account account, String secret, HttpRequest.Builder builder) {
        awaitTurn(account.sellerId());
        HttpRequest request = builder.timeout(timeout)
                .header("x-amz-access-token", secret)
                .header("Accept", "application/json")
                .build();
        HttpResponse<String> response = CartHttp.send(http, outbound, request, "Amazon");
        if (response.statusCode() == 429) {
            throw new RetryableCartException("Amazon throttled the call (HTTP 429" + errors(response.body()) + ")",
                    (Duration) null);
        }
        if (response.statusCode() >= 500) {
            throw new RetryableCartException("Amazon answered HTTP " + response.statusCode() + errors(response.body()),
                    (Duration) null);
        }
        return response;
    }

    private void awaitTurn(String sellerId) {
        long[] next = nextCallNanos.computeIfAbsent(sellerId, s -> new long[] {System.nanoTime()});
        long slot;
        synchronized (next) {
            slot = Math.max(System.nanoTime(), next[0]);
            next[0] = slot + minimumCallInterval.toNanos();
        }
        long waitNanos = slot - System.nanoTime();
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing calls to Amazon", e);
            }
        }
    }

    private static String refusal(HttpResponse<String> response) {
        int status = response.statusCode();
        return (status == 401 || status == 403
                ? "Amazon refused the access token (HTTP " + status + "); check the cart's credentialsRef"
                : "Amazon refused the call (HTTP " + status + ")") + errors(response.body());
    }

    /** {@code {"errors":[{code, message}]}} as text. */
    private static String errors(String body) {
        try {
            JsonNode errors = EventJson.mapper().readTree(body == null || body.isBlank() ? "{}" : body).path("errors");
            if (errors.isEmpty()) {
                return "";
            }
            return ": " + StreamSupport.stream(errors.spliterator(), false)
                    .map(e -> e.path("code").asString("") + " " + e.path("message").asString(""))
                    .collect(Collectors.joining("; "));
        } catch (JacksonException e) {
            return "";
        }
    }

    private static String issues(JsonNode issues) {
        if (issues.isEmpty()) {
            return " with no issues listed";
        }
        return ": " + StreamSupport.stream(issues.spliterator(), false)
                .map(i -> i.path("severity").asString("") + " " + i.path("code").asString("") + " "
                        + i.path("message").asString(""))
                .collect(Collectors.joining("; "));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode json(String body) {
        try {
            return EventJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new RetryableCartException("Amazon's answer is not JSON", e);
        }
    }

    /** The SP-API endpoint and the seller and marketplace the cart's location names. */
    record Account(String endpoint, String sellerId, String marketplaceId) {

        static final String BAD_LOCATION = "the cart's location must be SELLER_ID/MARKETPLACE_ID";

        static Optional<Account> of(CartSettingsChanged cart) {
            String location = cart.location() == null ? "" : cart.location().strip();
            int slash = location.indexOf('/');
            if (slash <= 0 || slash == location.length() - 1 || location.indexOf('/', slash + 1) >= 0) {
                return Optional.empty();
            }
            String endpoint = cart.baseUrl() == null ? "" : cart.baseUrl().strip();
            while (endpoint.endsWith("/")) {
                endpoint = endpoint.substring(0, endpoint.length() - 1);
            }
            return Optional.of(new Account(endpoint, location.substring(0, slash), location.substring(slash + 1)));
        }
    }

    /** Amazon refused a read (4xx other than 404 and 429): not worth retrying. */
    static final class Refusal extends IllegalStateException {

        Refusal(String message) {
            super(message);
        }
    }
}
