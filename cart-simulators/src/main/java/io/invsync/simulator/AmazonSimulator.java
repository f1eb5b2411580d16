package io.invsync.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpExchange;

import tools.jackson.databind.JsonNode;

/**
 * A stateful Amazon seller account with its Login with Amazon client, speaking the subset of shared/CART_APIS.md
 * ("Amazon") that invsync uses, on one loopback server (the cart's {@code baseUrl} and the connector's token URL).
 *
 * <ul>
 *   <li>Login with Amazon: {@code POST /auth/o2/token} form-encoded, {@code grant_type=refresh_token} with the
 *   refresh token, client id and secret → {@code {access_token, token_type, expires_in}}; a wrong refresh token is
 *   400 {@code invalid_grant}, a wrong client 401 {@code invalid_client}. Tokens live {@link #tokenLifetime} by the
 *   simulator's clock, which {@link #advanceTime} moves on; an SP-API call with an expired or unknown token is 403
 *   {@code Unauthorized}.</li>
 *   <li>Listings Items 2021-08-01: {@code GET /listings/2021-08-01/items/{sellerId}/{sku}?marketplaceIds=} (404
 *   {@code NOT_FOUND} for an unknown SKU), and {@code PATCH} of {@code /attributes/fulfillment_availability}
 *   answering {@code 200} with {@code ACCEPTED} or {@code INVALID} plus issues. A PATCH of an unknown SKU is
 *   ACCEPTED and creates an offer-only listing.</li>
 *   <li>Feeds 2021-06-30, {@code JSON_LISTINGS_FEED}: {@code createFeedDocument} (a pre-signed upload URL on this
 *   server), the upload, {@code createFeed}, {@code getFeed} (IN_QUEUE, IN_PROGRESS, then DONE after
 *   {@link #feedProcessingTime}; FATAL when the document breaks Amazon's feed schema), {@code getFeedDocument} and
 *   the processing report: each message applied like a PATCH, or an ERROR issue for it (an unknown SKU, a product
 *   type that is not the listing's, a submission {@link #invalid}). Reports GZIP-compressed when asked.</li>
 *   <li>A token bucket of {@code rate} SP-API requests/s with burst {@code burst} answers 429 {@code QuotaExceeded}
 *   beyond it. Switchable: 429s, 5xx, requests never answered (timeouts).</li>
 * </ul>
 *
 * Every Listings Items request is checked against Amazon's published Listings Items 2021-08-01 model, and every
 * uploaded feed document against the listings feed schemas ({@link ListingsFeedCheck}), both in shared/vendor-specs;
 * what does not conform is recorded ({@link #specViolations()}), a request refused with 400 InvalidInput, a feed made
 * FATAL. shared/vendor-specs holds no model of the Feeds API or of Login with Amazon: those requests are checked here
 * by hand, field by field, as Amazon refuses them.
 */
public final class AmazonSimulator extends SimulatedApi {

    public static final String CLIENT_ID = "amzn1.application-oa2-client.invsync-simulated";
    public static final String CLIENT_SECRET = "amzn1.oa2-cs.v1.simulated-client-s3cr3t";

    private static final String LISTINGS = "/listings/2021-08-01/items/";
    private static final String FEEDS = "/feeds/2021-06-30/";
    private static final String TOKEN = "/auth/o2/token";
    private static final String UPLOADS = "/feed-uploads/";
    private static final String DOWNLOADS = "/feed-downloads/";
    private static final String LISTINGS_SPEC = "amazon/listingsItems_2021-08-01.json";

    private final String refreshToken;
    private final String sellerId;
    private final String marketplaceId;
    private double rate;
    private double burst;
    private final SpecCheck feedCheck = ListingsFeedCheck.of();
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private final Map<String, String> invalid = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failingPatches = new ConcurrentHashMap<>();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, FeedDocument> documents = new ConcurrentHashMap<>();
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final Set<String> patchedSkus = ConcurrentHashMap.newKeySet();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger gets = new AtomicInteger();
    private final AtomicInteger patches = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger offerOnlyListingsCreated = new AtomicInteger();
    private final AtomicInteger exchanges = new AtomicInteger();
    private final AtomicInteger refusedTokens = new AtomicInteger();
    private final AtomicInteger createFeedDocuments = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger createFeeds = new AtomicInteger();
    private final AtomicInteger getFeeds = new AtomicInteger();
    private final AtomicInteger getFeedDocuments = new AtomicInteger();
    private final AtomicInteger reportDownloads = new AtomicInteger();
    private final AtomicInteger tokensSentToDocumentUrls = new AtomicInteger();
    private final AtomicLong feedIds = new AtomicLong(50_000_000_000L);
    private final AtomicReference<JsonNode> lastFeedDocument = new AtomicReference<>();
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile Duration feedProcessingTime = Duration.ofSeconds(1);
    private volatile Duration clockOffset = Duration.ZERO;
    private volatile boolean compressReports;
    private volatile boolean accessDenied;
    private double tokens;
    private long refilledNanos = System.nanoTime();

    /** An account that exchanges {@code refreshToken} (with {@link #CLIENT_ID} and {@link #CLIENT_SECRET}). */
    public AmazonSimulator(String refreshToken, String sellerId, String marketplaceId, double rate, int burst) {
        super("Amazon", listingsOnly(OpenApiCheck.of(path -> path, LISTINGS_SPEC)));
        this.refreshToken = refreshToken;
        this.sellerId = sellerId;
        this.marketplaceId = marketplaceId;
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Amazon's Listings Items model covers the listings paths; the rest are checked by hand (see above). */
    private static SpecCheck listingsOnly(SpecCheck listings) {
        return new SpecCheck() {
            @Override
            public List<String> violations(Request request) {
                return request.path().startsWith(LISTINGS) ? listings.violations(request) : List.of();
            }

            @Override
            public List<String> bodyViolations(Request request) {
                return request.path().startsWith(LISTINGS) ? listings.bodyViolations(request) : List.of();
            }
        };
    }

    /** The SP-API endpoint, the cart's {@code baseUrl}; also Login with Amazon's, the connector's token URL. */
    public String url() {
        return root();
    }

    /** The cart's secret: the refresh token with the client's id and secret, as the connector reads it. */
    public String secret() {
        return secret(refreshToken);
    }

    /** A secret in the same form holding another refresh token. */
    public static String secret(String refreshToken) {
        return JSON.writeValueAsString(Map.of("refreshToken", refreshToken, "clientId", CLIENT_ID,
                "clientSecret", CLIENT_SECRET));
    }

    /** A merchant-fulfilled listing of the given product type. */
    public void listing(String sku, String productType, Long quantity) {
        listings.put(sku, new Listing(sku, productType, "DEFAULT", quantity, false));
    }

    /** A listing fulfilled by Amazon only (its quantity is Amazon's). */
    public void amazonFulfilledListing(String sku, String productType) {
        listings.put(sku, new Listing(sku, productType, "AMAZON_NA", null, false));
    }

    /** Takes the listing away (the seller deleted it). */
    public void deleteListing(String sku) {
        listings.remove(sku);
    }

    /** Submissions for this SKU, by PATCH or in a feed, come back INVALID with this issue. */
    public void invalid(String sku, String issueMessage) {
        invalid.put(sku, issueMessage);
    }

    /** The next {@code count} PATCH calls for this SKU answer 503 (a failure in the middle of a batch). */
    public void failPatchesOf(String sku, int count) {
        failingPatches.put(sku, new AtomicInteger(count));
    }

    /** From now on a token bucket of {@code rate} SP-API requests/s with burst {@code burst}, full. */
    public synchronized void rateLimit(double rate, int burst) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.refilledNanos = System.nanoTime();
    }

    /** How long the access tokens issued from now on live ({@code expires_in}). */
    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /**
     * Every SP-API call is refused with 403 Unauthorized whatever its token, while Login with Amazon still issues
     * tokens: the seller took back the application's authorization, or never gave it the role.
     */
    public void denyAccess(boolean denied) {
        this.accessDenied = denied;
    }

    /** Moves the simulator's clock on: tokens expire, feeds finish. */
    public void advanceTime(Duration by) {
        clockOffset = clockOffset.plus(by);
    }

    /** How long a feed takes from createFeed to DONE (Amazon: minutes to hours). */
    public void feedProcessingTime(Duration time) {
        this.feedProcessingTime = time;
    }

    /** Processing reports from now on are GZIP-compressed ({@code compressionAlgorithm: GZIP}). */
    public void compressReports(boolean compress) {
        this.compressReports = compress;
    }

    public Long quantity(String sku) {
        Listing listing = listings.get(sku);
        return listing == null ? null : listing.quantity;
    }

    public boolean exists(String sku) {
        return listings.containsKey(sku);
    }

    /** SP-API calls (Listings Items and Feeds), not token exchanges or document transfers. */
    public int calls() {
        return calls.get();
    }

    public int gets() {
        return gets.get();
    }

    public int patches() {
        return patches.get();
    }

    /** The SKUs a PATCH call was made for. */
    public Set<String> patchedSkus() {
        return Set.copyOf(patchedSkus);
    }

    public int throttled() {
        return throttled.get();
    }

    public int offerOnlyListingsCreated() {
        return offerOnlyListingsCreated.get();
    }

    /** Refresh tokens exchanged for access tokens (successful exchanges). */
    public int exchanges() {
        return exchanges.get();
    }

    /** SP-API calls refused for an expired or unknown access token. */
    public int refusedTokens() {
        return refusedTokens.get();
    }

    public int createFeedDocuments() {
        return createFeedDocuments.get();
    }

    public int uploads() {
        return uploads.get();
    }

    public int createFeeds() {
        return createFeeds.get();
    }

    public int getFeeds() {
        return getFeeds.get();
    }

    public int getFeedDocuments() {
        return getFeedDocuments.get();
    }

    public int reportDownloads() {
        return reportDownloads.get();
    }

    /** Uploads and downloads that carried an access token, which belongs to the SP-API alone. */
    public int tokensSentToDocumentUrls() {
        return tokensSentToDocumentUrls.get();
    }

    /** The feed document uploaded last, as JSON (null before any). */
    public JsonNode lastFeedDocument() {
        return lastFeedDocument.get();
    }

    private Instant now() {
        return Instant.now().plus(clockOffset);
    }

    private synchronized boolean takeToken() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledNanos) / 1e9 * rate);
        refilledNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        boolean spApi = path.startsWith(LISTINGS) || path.startsWith(FEEDS);
        if (spApi) {
            calls.incrementAndGet();
            if (hangThis(exchange)) {
                return;
            }
        }
        try (exchange) {
            byte[] body = SimulatedApi.body(exchange);
            if (path.equals(TOKEN)) {
                exchangeToken(exchange, body);
            } else if (path.startsWith(UPLOADS)) {
                upload(exchange, path.substring(UPLOADS.length()), body);
            } else if (path.startsWith(DOWNLOADS)) {
                download(exchange, path.substring(DOWNLOADS.length()));
            } else if (spApi) {
                spApi(exchange, path, body);
            } else {
                errors(exchange, 404, "NotFound", "Resource not found.");
            }
        }
    }

    // ---- Login with Amazon

    private void exchangeToken(HttpExchange exchange, byte[] body) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!"POST".equals(exchange.getRequestMethod()) || contentType == null
                || !contentType.startsWith("application/x-www-form-urlencoded")) {
            lwaError(exchange, 400, "invalid_request", "The request is missing a required parameter or is otherwise "
                    + "malformed.");
            return;
        }
        Map<String, String> form = query(new String(body, StandardCharsets.UTF_8));
        if (!"refresh_token".equals(form.get("grant_type"))) {
            lwaError(exchange, 400, "unsupported_grant_type", "The authorization grant type is not supported.");
            return;
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            lwaError(exchange, 401, "invalid_client", "Client authentication failed");
            return;
        }
        if (!refreshToken.equals(form.get("refresh_token"))) {
            lwaError(exchange, 400, "invalid_grant", "The request has an invalid grant parameter : refresh_token");
            return;
        }
        exchanges.incrementAndGet();
        String token = "Atza|" + UUID.randomUUID();
        Duration lifetime = tokenLifetime;
        accessTokens.put(token, now().plus(lifetime));
        json(exchange, 200, Map.of("access_token", token, "refresh_token", refreshToken, "token_type", "bearer",
                "expires_in", lifetime.toSeconds()));
    }

    private static void lwaError(HttpExchange exchange, int status, String error, String description)
            throws IOException {
        json(exchange, status, Map.of("error", error, "error_description", description));
    }

    // ---- the SP-API

    private void spApi(HttpExchange exchange, String path, byte[] body) throws IOException {
        String token = exchange.getRequestHeaders().getFirst("x-amz-access-token");
        Instant expiry = token == null ? null : accessTokens.get(token);
        if (accessDenied || expiry == null || !now().isBefore(expiry)) {
            refusedTokens.incrementAndGet();
            errors(exchange, 403, "Unauthorized", "Access to requested resource is denied.",
                    accessDenied || expiry == null ? "The access token you provided is revoked, malformed or invalid."
                            : "The access token you provided has expired.");
            return;
        }
        List<String> problems = specProblems(exchange);
        if (!problems.isEmpty()) {
            errors(exchange, 400, "InvalidInput", "The request does not conform to the API: "
                    + String.join("; ", problems));
            return;
        }
        if (throttleThis() || !takeToken()) {
            throttled.incrementAndGet();
            errors(exchange, 429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
            return;
        }
        if (failThis()) {
            errors(exchange, 503, "ServiceUnavailable", "Service is temporarily unavailable.");
            return;
        }
        if (path.startsWith(FEEDS)) {
            feeds(exchange, path.substring(FEEDS.length()), body);
        } else {
            listings(exchange, path, body);
        }
    }

    private void listings(HttpExchange exchange, String rawPath, byte[] body) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (rawPath.substring(LISTINGS.length()).split("/").length != 2) {
            errors(exchange, 404, "NOT_FOUND", "Resource not found.");
            return;
        }
        String[] parts = rawPath.substring(LISTINGS.length()).split("/");
        String seller = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        String sku = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
        if (!seller.equals(sellerId)) {
            errors(exchange, 403, "Unauthorized", "Access to requested resource is denied.");
            return;
        }
        if (!marketplaceId.equals(query.get("marketplaceIds"))) {
            errors(exchange, 400, "InvalidInput", "Invalid marketplaceIds: " + query.get("marketplaceIds"));
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "GET" -> get(exchange, sku);
            case "PATCH" -> patch(exchange, sku, JSON.readTree(body));
            default -> errors(exchange, 405, "MethodNotAllowed", "Method not allowed.");
        }
    }

    private void get(HttpExchange exchange, String sku) throws IOException {
        gets.incrementAndGet();
        Listing listing = listings.get(sku);
        if (listing == null) {
            errors(exchange, 404, "NOT_FOUND", "SKU '" + sku + "' not found in marketplace " + marketplaceId);
            return;
        }
        Map<String, Object> availability = new LinkedHashMap<>();
        availability.put("fulfillmentChannelCode", listing.channel);
        if (listing.quantity != null) {
            availability.put("quantity", listing.quantity);
        }
        json(exchange, 200, Map.of("sku", sku,
                "summaries", List.of(Map.of("marketplaceId", marketplaceId, "asin", "B0" + Math.abs(sku.hashCode()),
                        "productType", listing.productType, "status", List.of("BUYABLE"))),
                "fulfillmentAvailability", List.of(availability)));
    }

    private void patch(HttpExchange exchange, String sku, JsonNode request) throws IOException {
        AtomicInteger failing = failingPatches.get(sku);
        if (failing != null && failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            errors(exchange, 503, "ServiceUnavailable", "Service is temporarily unavailable.");
            return;
        }
        patches.incrementAndGet();
        patchedSkus.add(sku);
        List<Map<String, Object>> issues = submissionIssues(sku, request);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sku", sku);
        answer.put("submissionId", UUID.randomUUID().toString().replace("-", ""));
        if (!issues.isEmpty()) {
            answer.put("status", "INVALID");
            answer.put("issues", issues);
            json(exchange, 200, answer);
            return;
        }
        apply(sku, request);
        answer.put("status", "ACCEPTED");
        answer.put("issues", List.of());
        json(exchange, 200, answer);
    }

    /** What Amazon finds wrong with a submission of {@code productType} and {@code patches}, by PATCH or by feed. */
    private List<Map<String, Object>> submissionIssues(String sku, JsonNode submission) {
        List<Map<String, Object>> issues = new ArrayList<>();
        Listing listing = listings.get(sku);
        String productType = submission.path("productType").asString("");
        JsonNode patch = submission.path("patches").path(0);
        JsonNode value = patch.path("value").path(0);
        if (productType.isEmpty()) {
            issues.add(issue("4000001", "The productType is required.", "productType"));
        } else if (listing != null && !listing.productType.equals(productType)) {
            issues.add(issue("4000002", "The provided product type " + productType + " does not match the listing's "
                    + "product type " + listing.productType + ".", "productType"));
        }
        if (!"/attributes/fulfillment_availability".equals(patch.path("path").asString(""))
                || !value.path("quantity").isIntegralNumber() || value.path("quantity").asLong() < 0) {
            issues.add(issue("90220", "'fulfillment_availability' is invalid.", "fulfillment_availability"));
        }
        if (invalid.containsKey(sku)) {
            issues.add(issue("8541", invalid.get(sku), "fulfillment_availability"));
        }
        return issues;
    }

    private void apply(String sku, JsonNode submission) {
        long quantity = submission.path("patches").path(0).path("value").path(0).path("quantity").asLong();
        Listing listing = listings.get(sku);
        if (listing == null) {
            offerOnlyListingsCreated.incrementAndGet(); // what Amazon does with a PATCH of an unknown SKU
            listings.put(sku, new Listing(sku, submission.path("productType").asString(), "DEFAULT", quantity, true));
        } else {
            listings.put(sku, new Listing(sku, listing.productType, "DEFAULT", quantity, listing.offerOnly));
        }
    }

    // ---- Feeds 2021-06-30

    private void feeds(HttpExchange exchange, String path, byte[] body) throws IOException {
        String method = exchange.getRequestMethod();
        if (path.equals("documents") && method.equals("POST")) {
            createFeedDocument(exchange, JSON.readTree(body));
        } else if (path.equals("feeds") && method.equals("POST")) {
            createFeed(exchange, JSON.readTree(body));
        } else if (path.startsWith("feeds/") && method.equals("GET")) {
            getFeed(exchange, URLDecoder.decode(path.substring("feeds/".length()), StandardCharsets.UTF_8));
        } else if (path.startsWith("documents/") && method.equals("GET")) {
            getFeedDocument(exchange, URLDecoder.decode(path.substring("documents/".length()), StandardCharsets.UTF_8));
        } else {
            errors(exchange, 404, "NotFound", "Resource not found.");
        }
    }

    private void createFeedDocument(HttpExchange exchange, JsonNode request) throws IOException {
        createFeedDocuments.incrementAndGet();
        if (!request.path("contentType").isString() || request.size() != 1) {
            errors(exchange, 400, "InvalidInput", "The body must be {\"contentType\": …} alone.");
            return;
        }
        FeedDocument document = new FeedDocument("amzn1.tortuga.4.na." + UUID.randomUUID(),
                request.path("contentType").asString(), UUID.randomUUID().toString());
        documents.put(document.id, document);
        json(exchange, 201, Map.of("feedDocumentId", document.id, "url", signedUrl(UPLOADS, document)));
    }

    private void createFeed(HttpExchange exchange, JsonNode request) throws IOException {
        createFeeds.incrementAndGet();
        FeedDocument document = documents.get(request.path("inputFeedDocumentId").asString(""));
        List<String> problems = new ArrayList<>();
        request.propertyNames().forEach(name -> {
            if (!Set.of("feedType", "marketplaceIds", "inputFeedDocumentId", "feedOptions").contains(name)) {
                problems.add("unknown field " + name);
            }
        });
        if (!"JSON_LISTINGS_FEED".equals(request.path("feedType").asString(""))) {
            problems.add("feedType " + request.path("feedType") + " is not JSON_LISTINGS_FEED");
        }
        JsonNode marketplaces = request.path("marketplaceIds");
        if (!marketplaces.isArray() || marketplaces.size() != 1 || !marketplaceId.equals(marketplaces.path(0).asString(""))) {
            problems.add("marketplaceIds must be [\"" + marketplaceId + "\"]");
        }
        if (document == null || document.body == null) {
            problems.add("inputFeedDocumentId names no uploaded feed document");
        }
        if (!problems.isEmpty()) {
            errors(exchange, 400, "InvalidInput", String.join("; ", problems));
            return;
        }
        Feed feed = new Feed(String.valueOf(feedIds.incrementAndGet()), document, now(), feedProcessingTime);
        feeds.put(feed.id, feed);
        json(exchange, 202, Map.of("feedId", feed.id));
    }

    private void getFeed(HttpExchange exchange, String feedId) throws IOException {
        getFeeds.incrementAndGet();
        Feed feed = feeds.get(feedId);
        if (feed == null) {
            errors(exchange, 404, "NotFound", "Feed " + feedId + " not found.");
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("feedId", feed.id);
        answer.put("feedType", "JSON_LISTINGS_FEED");
        answer.put("marketplaceIds", List.of(marketplaceId));
        answer.put("createdTime", feed.createdAt.toString());
        Instant now = now();
        if (now.isBefore(feed.createdAt.plus(feed.processingTime.dividedBy(2)))) {
            answer.put("processingStatus", "IN_QUEUE");
        } else if (now.isBefore(feed.createdAt.plus(feed.processingTime))) {
            answer.put("processingStatus", "IN_PROGRESS");
            answer.put("processingStartTime", feed.createdAt.plus(feed.processingTime.dividedBy(2)).toString());
        } else {
            FeedDocument report = process(feed);
            answer.put("processingStatus", feed.fatal ? "FATAL" : "DONE");
            answer.put("processingStartTime", feed.createdAt.plus(feed.processingTime.dividedBy(2)).toString());
            answer.put("processingEndTime", feed.createdAt.plus(feed.processingTime).toString());
            answer.put("resultFeedDocumentId", report.id);
        }
        json(exchange, 200, answer);
    }

    private void getFeedDocument(HttpExchange exchange, String documentId) throws IOException {
        getFeedDocuments.incrementAndGet();
        FeedDocument document = documents.get(documentId);
        if (document == null || document.body == null) {
            errors(exchange, 404, "NotFound", "Feed document " + documentId + " not found.");
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("feedDocumentId", document.id);
        answer.put("url", signedUrl(DOWNLOADS, document));
        if (document.gzipped) {
            answer.put("compressionAlgorithm", "GZIP");
        }
        json(exchange, 200, answer);
    }

    /** The feed's messages applied (once, when it is due) and its processing report, as a result document. */
    private FeedDocument process(Feed feed) {
        synchronized (feed) {
            if (feed.report != null) {
                return feed.report;
            }
            List<Map<String, Object>> issues = new ArrayList<>();
            int processed = 0;
            int accepted = 0;
            if (!feed.document.problems.isEmpty()) {
                feed.fatal = true;
                issues.add(Map.of("severity", "ERROR", "code", "4000004", "message", "The feed does not conform to the "
                        + "JSON_LISTINGS_FEED schema: " + String.join("; ", feed.document.problems.subList(0,
                        Math.min(3, feed.document.problems.size())))));
            } else {
                for (JsonNode message : JSON.readTree(feed.document.body).path("messages")) {
                    processed++;
                    int messageId = message.path("messageId").asInt();
                    String sku = message.path("sku").asString();
                    List<Map<String, Object>> own = new ArrayList<>();
                    if (!listings.containsKey(sku)) {
                        own.add(issue("4000003", "The SKU '" + sku + "' does not match any listing of the seller in "
                                + "marketplace " + marketplaceId + ".", "sku"));
                    } else {
                        own.addAll(submissionIssues(sku, message));
                    }
                    if (own.isEmpty()) {
                        apply(sku, message);
                        accepted++;
                    }
                    own.forEach(issue -> {
                        Map<String, Object> reported = new LinkedHashMap<>();
                        reported.put("messageId", messageId);
                        reported.put("sku", sku);
                        reported.put("code", issue.get("code"));
                        reported.put("severity", "ERROR");
                        reported.put("message", issue.get("message"));
                        issues.add(reported);
                    });
                }
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("header", Map.of("sellerId", sellerId, "version", "2.0", "feedId", feed.id));
            report.put("issues", issues);
            report.put("summary", Map.of("errors", issues.size(), "warnings", 0, "messagesProcessed", processed,
                    "messagesAccepted", accepted, "messagesInvalid", processed - accepted));
            FeedDocument result = new FeedDocument("amzn1.tortuga.4.na." + UUID.randomUUID(), "application/json",
                    UUID.randomUUID().toString());
            byte[] json = JSON.writeValueAsBytes(report);
            result.gzipped = compressReports;
            result.body = compressReports ? gzip(json) : json;
            documents.put(result.id, result);
            feed.report = result;
            return result;
        }
    }

    // ---- the pre-signed document URLs (Amazon's S3, outside the SP-API: no access token, no rate limit)

    private String signedUrl(String prefix, FeedDocument document) {
        return root() + prefix + document.id + "?X-Amz-Signature=" + document.signature;
    }

    private boolean signed(HttpExchange exchange, FeedDocument document) {
        if (exchange.getRequestHeaders().containsKey("x-amz-access-token")) {
            tokensSentToDocumentUrls.incrementAndGet();
        }
        return document != null
                && document.signature.equals(query(exchange.getRequestURI().getRawQuery()).get("X-Amz-Signature"));
    }

    private void upload(HttpExchange exchange, String documentId, byte[] body) throws IOException {
        uploads.incrementAndGet();
        FeedDocument document = documents.get(documentId);
        if (!"PUT".equals(exchange.getRequestMethod()) || !signed(exchange, document)
                || !document.contentType.equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            // S3 signs the content type given to createFeedDocument: another one breaks the signature
            plain(exchange, 403, "SignatureDoesNotMatch");
            return;
        }
        SpecCheck.Request request = new SpecCheck.Request("PUT", exchange.getRequestURI().getRawPath(), null,
                Map.copyOf(exchange.getRequestHeaders()), body);
        document.problems = specViolations().check(feedCheck, request);
        document.body = body;
        try {
            lastFeedDocument.set(JSON.readTree(body));
        } catch (RuntimeException e) {
            lastFeedDocument.set(null);
        }
        exchange.sendResponseHeaders(200, -1);
    }

    private void download(HttpExchange exchange, String documentId) throws IOException {
        reportDownloads.incrementAndGet();
        FeedDocument document = documents.get(documentId);
        if (!"GET".equals(exchange.getRequestMethod()) || !signed(exchange, document) || document.body == null) {
            plain(exchange, 403, "SignatureDoesNotMatch");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", document.contentType);
        exchange.sendResponseHeaders(200, document.body.length);
        exchange.getResponseBody().write(document.body);
    }

    private static void plain(HttpExchange exchange, int status, String code) throws IOException {
        byte[] bytes = ("<Error><Code>" + code + "</Code></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static Map<String, Object> issue(String code, String message, String attribute) {
        // code, message, severity and categories are required by the Listings Items 2021-08-01 Issue definition
        return Map.of("code", code, "message", message, "severity", "ERROR", "categories", List.of("INVALID_ATTRIBUTE"),
                "attributeNames", List.of(attribute));
    }

    private static void errors(HttpExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, Map.of("errors", List.of(Map.of("code", code, "message", message))));
    }

    private static void errors(HttpExchange exchange, int status, String code, String message, String details)
            throws IOException {
        json(exchange, status, Map.of("errors", List.of(Map.of("code", code, "message", message, "details", details))));
    }

    private record Listing(String sku, String productType, String channel, Long quantity, boolean offerOnly) {
    }

    /** A document behind a pre-signed URL: a feed to be uploaded, or a processing report. */
    private static final class FeedDocument {
        private final String id;
        private final String contentType;
        private final String signature;
        private volatile byte[] body;
        private volatile boolean gzipped;
        private volatile List<String> problems = List.of();

        FeedDocument(String id, String contentType, String signature) {
            this.id = id;
            this.contentType = contentType;
            this.signature = signature;
        }
    }

    private static final class Feed {
        private final String id;
        private final FeedDocument document;
        private final Instant createdAt;
        private final Duration processingTime;
        private FeedDocument report;
        private boolean fatal;

        Feed(String id, FeedDocument document, Instant createdAt, Duration processingTime) {
            this.id = id;
            this.document = document;
            this.createdAt = createdAt;
            this.processingTime = processingTime;
        }
    }
}
