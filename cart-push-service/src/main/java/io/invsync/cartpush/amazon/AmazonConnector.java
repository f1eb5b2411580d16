package io.invsync.cartpush.amazon;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import io.invsync.cartpush.push.CallPacer;
import io.invsync.cartpush.push.CartConnector;
import io.invsync.cartpush.push.CartHttp;
import io.invsync.cartpush.push.CartRequest;
import io.invsync.cartpush.push.CartResponse;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.EventJson;
import io.invsync.events.PushOutcome;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Amazon Selling Partner API: Listings Items 2021-08-01 and Feeds 2021-06-30 (shared/CART_APIS.md, "Amazon").
 * {@code baseUrl} is the SP-API regional endpoint ({@code https://sellingpartnerapi-na.amazon.com}); {@code location}
 * is {@code SELLER_ID/MARKETPLACE_ID} (e.g. {@code A2EXAMPLE/ATVPDKIKX0DER}: one marketplace per cart). The secret is
 * the seller's Login with Amazon credentials ({@link LwaCredentials}), exchanged for an access token that is sent as
 * {@code x-amz-access-token} to the SP-API and nowhere else ({@link AccessTokens}).
 *
 * <ul>
 *   <li>Existence: {@code GET /listings/2021-08-01/items/{sellerId}/{sku}?marketplaceIds=…&includedData=
 *   summaries,fulfillmentAvailability}; 404 is NOT_IN_CART. Amazon answers a PATCH of an unknown SKU with
 *   ACCEPTED and creates an offer-only listing, so a SKU whose existence is not known is never sent, by PATCH or by
 *   feed: items pushed without a catalog read are looked up first. {@code cartItemRef} is the listing's product
 *   type, which a PATCH must carry. A listing whose fulfillment availability lists only Amazon channels (FBA) has
 *   its quantity kept by Amazon: tracking disabled for invsync.</li>
 *   <li>Small batches: one {@code PATCH} per SKU replacing {@code /attributes/fulfillment_availability} with
 *   {@code [{fulfillment_channel_code: DEFAULT, quantity}]}. {@code ACCEPTED} is PUSHED; {@code INVALID} (with HTTP
 *   200) is REJECTED with its issues.</li>
 *   <li>Large batches — more quantities above 0 than {@code feed-threshold} — go as one {@code JSON_LISTINGS_FEED}
 *   of PATCH messages ({@link ListingsFeed}; at most {@code feed-max-messages} a feed): {@code createFeedDocument},
 *   the upload to the URL it gives, {@code createFeed}, {@code getFeed} every {@code feed-poll-interval} until the
 *   feed is DONE, FATAL or CANCELLED, then the processing report, each message's issues mapped back to its SKU.
 *   Quantities going to 0 never wait for a feed (it takes minutes): they are PATCHed first, whatever the batch's
 *   size.</li>
 *   <li>A batch is answered when its feed is processed, so the push waits — on its own worker thread
 *   (PushCalls), in the pacer's waits between polls, holding no lock — up to {@code feed-timeout}; the cart's
 *   next batch waits for it, other carts do not. What a batch got done is kept under its batch id, so when a
 *   retryable failure (429, 5xx, a timeout) makes {@link io.invsync.cartpush.push.Retrying} call again, the call
 *   resumes: no SKU is PATCHed twice and no feed is submitted twice.</li>
 *   <li>Rate: 5 requests/s, burst 5, per seller account: one SP-API call per {@code minimum-call-interval}, by the
 *   {@link CallPacer} under the account's key, whichever cart of the account makes it. 429 QuotaExceeded, 5xx and
 *   timeouts are retryable; a 403 Unauthorized gets a new access token and the call is made once more.</li>
 * </ul>
 */
@Component
@EnableConfigurationProperties(AmazonSettings.class)
class AmazonConnector implements CartConnector {

    private static final String ITEMS = "/listings/2021-08-01/items/";
    private static final String FEEDS = "/feeds/2021-06-30/";
    /** The route of a listing's calls, its seller and SKU left out. */
    private static final String ITEM_ROUTE = ITEMS + "{sellerId}/{sku}";
    /** The pre-signed URL of a feed document: another host, its path and query Amazon's to choose. */
    private static final String FEED_DOCUMENT_URL = "{feedDocumentUrl}";
    /** A batch's progress is forgotten this long after it was last worked on: its retries come within seconds. */
    private static final Duration PROGRESS_KEPT = Duration.ofHours(1);
    /** A processing report larger than this once decompressed is not read. */
    private static final int MAX_REPORT_BYTES = 64 * 1024 * 1024;
    private static final String FULFILLED_BY_AMAZON =
            "the listing is fulfilled by Amazon only: Amazon keeps its quantity";

    private final AmazonSettings settings;
    private final CartHttp.Vendor http;
    private final CallPacer pacer;
    private final Clock clock;
    private final AccessTokens tokens;
    /** batchId → what that batch got done, while it may be tried again. */
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();

    @Autowired
    AmazonConnector(AmazonSettings settings, Clock clock, CallPacer pacer, CartHttp http) {
        this.settings = settings;
        this.http = http.vendor(CartType.AMAZON, "Amazon");
        this.pacer = pacer;
        this.clock = clock;
        this.tokens = new AccessTokens(http.vendor(CartType.AMAZON, "Login with Amazon"), settings.tokenEndpoint(),
                settings.tokenRefreshMargin(), settings.timeout(), clock);
    }

    @Override
    public CartType type() {
        return CartType.AMAZON;
    }

    /** A batch as large as one feed; catalog reads one SKU a call (the Listings Items API reads one). */
    @Override
    public Limits limits() {
        return new Limits(settings.feedMaxMessages(), 1, settings.minimumCallInterval());
    }

    @Override
    public List<ItemResult> push(CartSettingsChanged cart, String secret, String batchId, List<PushItem> items) {
        Optional<Account> account = Account.of(cart);
        if (account.isEmpty()) {
            return all(items, PushOutcome.REJECTED, Account.BAD_LOCATION);
        }
        Caller caller;
        try {
            caller = new Caller(cart.cartId(), account.get(), LwaCredentials.parse(secret, cart.credentialsRef()));
        } catch (LwaCredentials.Malformed e) {
            return all(items, PushOutcome.REJECTED, e.getMessage());
        }
        Instant now = clock.instant();
        progress.values().removeIf(p -> p.touched.isBefore(now.minus(PROGRESS_KEPT)));
        Progress done = progress.computeIfAbsent(batchId, id -> new Progress(now));
        try {
            List<PushItem> zeros = items.stream().filter(item -> item.quantity() <= 0).toList();
            List<PushItem> others = items.stream().filter(item -> item.quantity() > 0).toList();
            patchEach(caller, done, zeros); // a SKU going to 0 stops selling now, not when a feed is processed
            if (others.size() > settings.feedThreshold()) {
                pushByFeed(caller, done, others);
            } else {
                patchEach(caller, done, others);
            }
            progress.remove(batchId);
            return items.stream().map(item -> done.results.get(item.aliasValue())).toList();
        } catch (AccessTokens.LoginRefused e) {
            progress.remove(batchId);
            return items.stream().map(item -> done.results.getOrDefault(item.aliasValue(), unfinished(done, item,
                    e.getMessage() + "; check the secret named by credentialsRef '" + cart.credentialsRef() + "'")))
                    .toList();
        } catch (RetryableCartException e) {
            throw e; // tried again under the same batchId: it resumes from what is done
        } catch (RuntimeException e) {
            progress.remove(batchId);
            throw e;
        }
    }

    /** An item the push stopped before: REJECTED, or FAILED when it went in a feed Amazon may still apply. */
    private static ItemResult unfinished(Progress done, PushItem item, String reason) {
        String feedId = done.feedOfSku.get(item.aliasValue());
        return feedId == null ? new ItemResult(item.aliasValue(), PushOutcome.REJECTED, reason)
                : new ItemResult(item.aliasValue(), PushOutcome.FAILED, reason + " (after feed " + feedId
                        + " was submitted: Amazon may still apply it)");
    }

    private void patchEach(Caller caller, Progress done, List<PushItem> items) {
        for (PushItem item : items) {
            if (done.results.containsKey(item.aliasValue())) {
                continue;
            }
            String productType = productType(caller, done, item);
            if (productType != null) {
                done.record(patch(caller, item, productType), clock);
            }
        }
    }

    /**
     * The listing's product type, from the catalog read or looked up now; null when the item is not to be sent,
     * its result recorded (not in the cart, fulfilled by Amazon, or the look-up refused).
     */
    private String productType(Caller caller, Progress done, PushItem item) {
        if (item.cartItemRef() != null) {
            return item.cartItemRef();
        }
        String known = done.productTypes.get(item.aliasValue());
        if (known != null) {
            return known;
        }
        CatalogItem read;
        try {
            read = read(caller, item.aliasValue());
        } catch (Refusal e) {
            done.record(new ItemResult(item.aliasValue(), PushOutcome.REJECTED,
                    "looking it up before the push: " + e.getMessage()), clock);
            return null;
        }
        if (!read.exists()) {
            done.record(new ItemResult(item.aliasValue(), PushOutcome.NOT_IN_CART, "the seller has no listing with "
                    + "sku '" + item.aliasValue() + "' in marketplace " + caller.account().marketplaceId()), clock);
            return null;
        }
        if (!read.inventoryTracked()) {
            done.record(new ItemResult(item.aliasValue(), PushOutcome.TRACKING_DISABLED, FULFILLED_BY_AMAZON), clock);
            return null;
        }
        done.productTypes.put(item.aliasValue(), read.cartItemRef());
        return read.cartItemRef();
    }

    /** The JSON Patch that sets the merchant-fulfilled quantity, as a PATCH call and a feed message carry it. */
    static List<Map<String, Object>> fulfillmentAvailability(long quantity) {
        return List.of(Map.of("op", "replace", "path", "/attributes/fulfillment_availability",
                "value", List.of(Map.of("fulfillment_channel_code", "DEFAULT", "quantity", Math.max(0, quantity)))));
    }

    private ItemResult patch(Caller caller, PushItem item, String productType) {
        Map<String, Object> body = Map.of("productType", productType,
                "patches", fulfillmentAvailability(item.quantity()));
        CartResponse<String> response = send(caller, CartRequest.json(HttpMethod.PATCH,
                itemUri(caller.account(), item.aliasValue(), ""), ITEM_ROUTE, body));
        if (response.status() != 200) {
            return new ItemResult(item.aliasValue(), PushOutcome.REJECTED, refusal(response));
        }
        JsonNode answer = json(response.body());
        String status = answer.path("status").asString("");
        if ("ACCEPTED".equals(status)) {
            return new ItemResult(item.aliasValue(), PushOutcome.PUSHED, null);
        }
        return new ItemResult(item.aliasValue(), PushOutcome.REJECTED, "Amazon answered "
                + (status.isEmpty() ? "no status" : status) + issues(answer.path("issues")));
    }

    // ---- the listings feed

    private void pushByFeed(Caller caller, Progress done, List<PushItem> items) {
        List<ListingsFeed.Message> unsent = new ArrayList<>();
        for (PushItem item : items) {
            if (done.results.containsKey(item.aliasValue()) || done.feedOfSku.containsKey(item.aliasValue())) {
                continue;
            }
            String productType = productType(caller, done, item);
            if (productType != null) {
                unsent.add(new ListingsFeed.Message(item.aliasValue(), productType, item.quantity()));
            }
        }
        for (int from = 0; from < unsent.size(); from += settings.feedMaxMessages()) {
            submit(caller, done, unsent.subList(from, Math.min(unsent.size(), from + settings.feedMaxMessages())));
        }
        awaitFeeds(caller, done);
    }

    /** createFeedDocument, the upload, createFeed; a refusal before the feed exists rejects its messages. */
    private void submit(Caller caller, Progress done, List<ListingsFeed.Message> messages) {
        ListingsFeed.Document document = ListingsFeed.document(caller.account().sellerId(), messages);
        try {
            JsonNode created = json(success(send(caller, post(caller, FEEDS + "documents",
                    Map.of("contentType", ListingsFeed.CONTENT_TYPE))), "createFeedDocument"));
            String documentId = created.path("feedDocumentId").asString("");
            upload(created.path("url").asString(""), document.json());
            JsonNode feed = json(success(send(caller, post(caller, FEEDS + "feeds", Map.of(
                    "feedType", ListingsFeed.FEED_TYPE,
                    "marketplaceIds", List.of(caller.account().marketplaceId()),
                    "inputFeedDocumentId", documentId))), "createFeed"));
            String feedId = feed.path("feedId").asString("");
            if (feedId.isEmpty()) {
                throw new Refusal("Amazon's answer to createFeed has no feedId");
            }
            done.submitted(new SubmittedFeed(feedId, document.skuByMessageId(), clock.instant()), clock);
        } catch (Refusal e) {
            messages.forEach(message -> done.record(new ItemResult(message.sku(), PushOutcome.REJECTED,
                    "sending it in a listings feed: " + e.getMessage()), clock));
        }
    }

    /** The feed document to the pre-signed URL createFeedDocument gave: no access token goes there. */
    private void upload(String url, byte[] json) {
        CartResponse<String> response = http.sendRetryingThrottles(CartRequest.of(HttpMethod.PUT, documentUri(url),
                FEED_DOCUMENT_URL, ListingsFeed.CONTENT_TYPE, json).timeout(settings.timeout()));
        if (response.status() / 100 != 2) {
            throw new Refusal("Amazon refused the upload of the feed document (HTTP " + response.status() + ")");
        }
    }

    /**
     * Polls the batch's feeds, every {@code feed-poll-interval} in the pacer's waits, until each is processed or
     * has taken longer than {@code feed-timeout}, and records each message's outcome.
     */
    private void awaitFeeds(Caller caller, Progress done) {
        List<SubmittedFeed> waiting = new ArrayList<>(done.feeds.values().stream()
                .filter(feed -> feed.skuByMessageId().values().stream().anyMatch(sku -> !done.results.containsKey(sku)))
                .toList());
        while (!waiting.isEmpty()) {
            pacer.awaitTurn("amazon-feed-polls/" + caller.cartId(), settings.feedPollInterval());
            done.touch(clock);
            for (Iterator<SubmittedFeed> feeds = waiting.iterator(); feeds.hasNext(); ) {
                SubmittedFeed feed = feeds.next();
                Optional<Map<String, ItemResult>> results;
                try {
                    results = outcome(caller, feed);
                } catch (Refusal e) {
                    results = Optional.of(all(feed, PushOutcome.FAILED, "following feed " + feed.feedId() + ": "
                            + e.getMessage() + " (Amazon may still apply it)"));
                }
                if (results.isPresent()) {
                    results.get().values().forEach(result -> done.record(result, clock));
                    feeds.remove();
                }
            }
        }
    }

    /** The feed's outcome per SKU once it is processed, cancelled or over its time; empty while it is processed. */
    private Optional<Map<String, ItemResult>> outcome(Caller caller, SubmittedFeed feed) {
        JsonNode state = json(success(send(caller, get(caller, FEEDS + "feeds/" + encode(feed.feedId()), FEEDS + "feeds/{feedId}")),
                "getFeed"));
        String status = state.path("processingStatus").asString("");
        switch (status) {
            case "DONE", "FATAL" -> {
                return Optional.of(report(caller, feed, state.path("resultFeedDocumentId").asString(""),
                        "FATAL".equals(status)));
            }
            case "CANCELLED" -> {
                return Optional.of(all(feed, PushOutcome.FAILED, "Amazon cancelled feed " + feed.feedId()
                        + " before processing it: nothing of it was applied"));
            }
            default -> {
                if (clock.instant().isBefore(feed.submittedAt().plus(settings.feedTimeout()))) {
                    return Optional.empty();
                }
                return Optional.of(all(feed, PushOutcome.FAILED, "Amazon had not processed feed " + feed.feedId()
                        + " within " + settings.feedTimeout() + " (processingStatus " + (status.isEmpty() ? "none"
                        : status) + "; invsync.amazon.feed-timeout): whether it applies is unknown"));
            }
        }
    }

    private Map<String, ItemResult> report(Caller caller, SubmittedFeed feed, String reportId, boolean fatal) {
        if (reportId.isEmpty()) {
            return fatal ? all(feed, PushOutcome.REJECTED, "Amazon could not process feed " + feed.feedId()
                    + " (FATAL) and gave no processing report")
                    : all(feed, PushOutcome.FAILED, "Amazon processed feed " + feed.feedId() + " but gave no "
                            + "processing report: whether it was applied is unknown");
        }
        JsonNode document = json(success(send(caller, get(caller, FEEDS + "documents/" + encode(reportId), FEEDS + "documents/{feedDocumentId}")),
                "getFeedDocument"));
        byte[] body = download(document.path("url").asString(""));
        String compression = document.path("compressionAlgorithm").asString("");
        if ("GZIP".equals(compression)) {
            body = gunzip(body);
        } else if (!compression.isEmpty()) {
            throw new Refusal("the processing report is compressed with " + compression + ", which invsync cannot read");
        }
        JsonNode report;
        try {
            report = EventJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new Refusal("the processing report of feed " + feed.feedId() + " is not JSON");
        }
        return ListingsFeed.results(report, feed.skuByMessageId(), feed.feedId(), fatal);
    }

    /** The processing report from its pre-signed URL: no access token goes there. */
    private byte[] download(String url) {
        CartResponse<byte[]> response = http.retryableIfThrottledOrFailing(http.sendForBytes(
                CartRequest.get(documentUri(url), FEED_DOCUMENT_URL).timeout(settings.timeout())), null,
                ", downloading a processing report");
        if (response.status() != 200) {
            throw new Refusal("Amazon refused the download of the processing report (HTTP " + response.status()
                    + ")");
        }
        return response.body();
    }

    private static byte[] gunzip(byte[] body) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] read = in.readNBytes(MAX_REPORT_BYTES + 1);
            if (read.length > MAX_REPORT_BYTES) {
                throw new Refusal("the processing report is larger than " + MAX_REPORT_BYTES + " bytes");
            }
            return read;
        } catch (IOException e) {
            throw new Refusal("the processing report is not valid GZIP");
        }
    }

    private static URI documentUri(String url) {
        try {
            URI uri = URI.create(url);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new IllegalArgumentException("not absolute");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new Refusal("Amazon gave no usable feed document URL");
        }
    }

    private static Map<String, ItemResult> all(SubmittedFeed feed, PushOutcome outcome, String reason) {
        return feed.skuByMessageId().values().stream()
                .collect(Collectors.toMap(sku -> sku, sku -> new ItemResult(sku, outcome, reason)));
    }

    private static List<ItemResult> all(List<PushItem> items, PushOutcome outcome, String reason) {
        return items.stream().map(item -> new ItemResult(item.aliasValue(), outcome, reason)).toList();
    }

    // ---- the catalog

    @Override
    public List<CatalogItem> readCatalog(CartSettingsChanged cart, String secret, List<String> aliasValues) {
        Account account = Account.of(cart).orElseThrow(() -> new IllegalStateException(Account.BAD_LOCATION));
        Caller caller = new Caller(cart.cartId(), account, LwaCredentials.parse(secret, cart.credentialsRef()));
        return aliasValues.stream().map(value -> read(caller, value)).toList();
    }

    private CatalogItem read(Caller caller, String sku) {
        Account account = caller.account();
        CartResponse<String> response = send(caller, CartRequest.get(
                itemUri(account, sku, "&includedData=summaries,fulfillmentAvailability"), ITEM_ROUTE));
        if (response.status() == 404) {
            return new CatalogItem(sku, false, false, null, null);
        }
        if (response.status() != 200) {
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

    // ---- one SP-API call

    private URI itemUri(Account account, String sku, String extraQuery) {
        return URI.create(account.endpoint() + ITEMS + encode(account.sellerId()) + "/" + encode(sku)
                + "?marketplaceIds=" + encode(account.marketplaceId()) + extraQuery);
    }

    /** A GET of {@code path}, whose {@code route} names its ids instead. */
    private static CartRequest get(Caller caller, String path, String route) {
        return CartRequest.get(URI.create(caller.account().endpoint() + path), route);
    }

    private static CartRequest post(Caller caller, String path, Object body) {
        return CartRequest.json(HttpMethod.POST, URI.create(caller.account().endpoint() + path), path, body);
    }

    /**
     * One SP-API call on the seller account's pace, with the cart's access token; a 403 Unauthorized (the token
     * expired early or was revoked) gets a new token and the call is made once more. 429, 5xx and timeouts are
     * retryable.
     */
    private CartResponse<String> send(Caller caller, CartRequest request) {
        CartRequest timed = request.timeout(settings.timeout()).header("Accept", "application/json");
        String token = tokens.get(caller.cartId(), caller.credentials());
        CartResponse<String> response = call(caller, timed, token);
        if (unauthorized(response)) {
            response = call(caller, timed, tokens.renew(caller.cartId(), caller.credentials(), token));
        }
        return http.retryableIfThrottledOrFailing(response, null, errors(response.body()));
    }

    private CartResponse<String> call(Caller caller, CartRequest request, String token) {
        pacer.awaitTurn("amazon/" + caller.account().endpoint() + "/" + caller.account().sellerId(),
                settings.minimumCallInterval());
        return http.send(request.header("x-amz-access-token", token));
    }

    private static boolean unauthorized(CartResponse<String> response) {
        return response.status() == 403 && errors(response.body()).contains("Unauthorized");
    }

    /** A 2xx answer, else a refusal naming the operation. */
    private static CartResponse<String> success(CartResponse<String> response, String operation) {
        if (response.status() / 100 != 2) {
            throw new Refusal(operation + ": " + refusal(response));
        }
        return response;
    }

    private static String refusal(CartResponse<String> response) {
        int status = response.status();
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

    private static JsonNode json(CartResponse<String> response) {
        return json(response.body());
    }

    private static JsonNode json(String body) {
        return CartHttp.json(body, "Amazon");
    }

    /** Who a call is made for: the cart (whose access token is cached), its seller account, its LWA credentials. */
    private record Caller(String cartId, Account account, LwaCredentials credentials) {
    }

    /** A feed Amazon accepted for processing, its messages' SKUs by messageId. */
    private record SubmittedFeed(String feedId, Map<Integer, String> skuByMessageId, Instant submittedAt) {
    }

    /**
     * What one batch got done — results, product types looked up, feeds submitted — kept under its batch id while a
     * retry of the same batch may come.
     */
    private static final class Progress {

        private final Map<String, ItemResult> results = new ConcurrentHashMap<>();
        private final Map<String, String> productTypes = new ConcurrentHashMap<>();
        private final Map<String, SubmittedFeed> feeds = new ConcurrentHashMap<>();
        private final Map<String, String> feedOfSku = new ConcurrentHashMap<>();
        private volatile Instant touched;

        Progress(Instant now) {
            touched = now;
        }

        void touch(Clock clock) {
            touched = clock.instant();
        }

        void record(ItemResult result, Clock clock) {
            results.put(result.aliasValue(), result);
            touch(clock);
        }

        void submitted(SubmittedFeed feed, Clock clock) {
            feeds.put(feed.feedId(), feed);
            feed.skuByMessageId().values().forEach(sku -> feedOfSku.put(sku, feed.feedId()));
            touch(clock);
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

    /** Amazon refused a call (4xx other than 404 and 429): not worth retrying. */
    static final class Refusal extends IllegalStateException {

        Refusal(String message) {
            super(message);
        }
    }
}
