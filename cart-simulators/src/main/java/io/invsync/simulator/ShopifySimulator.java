package io.invsync.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stateful Shopify shop that speaks the part of the Admin GraphQL API invsync uses (shared/CART_APIS.md, "Shopify"):
 * {@code POST /admin/api/{version}/graphql.json} with {@code X-Shopify-Access-Token} (401 otherwise), serving
 * {@code productVariants(first, after, query: "sku:… OR sku:…")} with each variant's inventory item and its
 * {@code inventoryLevel(locationId:)}, and the {@code inventorySetQuantities} mutation. The operation is recognised by
 * its root field; only the variables and the {@code @idempotent} key are read, not the selection.
 *
 * <p>Quirks, each switchable:
 * <ul>
 * <li>a leaky bucket of query-cost points (maximum 1000, restoring 50/s unless set): a search costs
 * {@code 2 + 4 × first} requested and {@code 2 + 4 × returned} actual, the mutation {@code 10 + quantities}; a call
 * whose requested cost the bucket lacks is answered THROTTLED with HTTP 200 (or 429 + Retry-After when told), and a
 * query over 1000 points is refused (MAX_COST_EXCEEDED);</li>
 * <li>search is not exact: {@code sku:A-1} also finds {@code A-10} (case-insensitive prefix match);</li>
 * <li>compare-and-set: {@code changeFromQuantity} must be given (null opts out) and must equal what the shop holds,
 * else CHANGE_FROM_QUANTITY_STALE;</li>
 * <li>idempotency: {@code @idempotent(key:)} is required; the same key with the same variables replays the first
 * answer without applying again, the same key with other variables is IDEMPOTENCY_KEY_PARAMETER_MISMATCH;</li>
 * <li>a call applies all or nothing: any userError leaves every quantity as it was;</li>
 * <li>untracked items accept quantities silently (as Shopify stores them), so a test can see they were written;</li>
 * <li>items not stocked at a location answer ITEM_NOT_STOCKED_AT_LOCATION; more than 250 quantities is an error.</li>
 * </ul>
 * Time comes from a {@link LongSupplier} of nanoseconds, so a test can drive the bucket with a virtual clock.
 *
 * <p>Every request is checked against Shopify's published Admin GraphQL schema (shared/vendor-specs,
 * {@link GraphqlCheck}): a query or variables the schema does not allow is recorded ({@link #specViolations()})
 * and answered with GraphQL errors, as Shopify answers them (HTTP 200, nothing run).
 */
public final class ShopifySimulator implements AutoCloseable {

    /** The location every variant is stocked at unless told otherwise. */
    public static final String LOCATION = "gid://shopify/Location/1";
    public static final String SEARCH = "productVariants";
    public static final String SET_QUANTITIES = "inventorySetQuantities";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PATH = Pattern.compile("/admin/api/(\\d{4}-\\d{2}|unstable)/graphql\\.json");
    private static final Pattern IDEMPOTENT = Pattern.compile("@idempotent\\s*\\(\\s*key\\s*:\\s*\"([^\"]*)\"\\s*\\)");
    private static final Pattern TERM = Pattern.compile("sku:(\"((?:[^\"\\\\]|\\\\.)*)\"|\\S+)");
    /** InventorySetQuantitiesUserErrorCode.INVALID_QUANTITY_TOO_HIGH: "can't be higher than 1,000,000,000". */
    private static final long MAX_QUANTITY = 1_000_000_000L;
    static final String SCHEMA = "shopify/admin-2026-04.graphql";

    static {
        // The JDK server writes headers and body apart; without TCP_NODELAY each answer waits out the client's
        // delayed ACK (~40 ms). Read once, when the first HttpServer of the JVM is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String accessToken;
    private final HttpServer server;
    private final SpecCheck specCheck = GraphqlCheck.of(SCHEMA);
    private final SpecViolations specViolations = new SpecViolations("Shopify");
    private final LongSupplier nanoTime;
    private final Object lock = new Object();

    private final Map<String, Variant> byItemId = new HashMap<>();
    /** variants by lower-cased SKU, for the prefix search */
    private final TreeMap<String, List<Variant>> bySku = new TreeMap<>();
    private final Set<String> locations = ConcurrentHashMap.newKeySet();
    private final Map<String, Replay> idempotent = new HashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    private final Set<String> keepChanging = ConcurrentHashMap.newKeySet();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();
    private final AtomicInteger unauthorized = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger loseNext = new AtomicInteger();
    private volatile java.util.function.BiConsumer<String, Long> onSet = (sku, quantity) -> { };
    private int nextId = 1;
    private int nextGroup = 1;

    private double maximumAvailable = 1000;
    private double restoreRate = 50;
    private double currentlyAvailable = 1000;
    private long bucketAt;
    private boolean rateLimited = true;
    private boolean throttleWith429;
    private boolean prefixSearch = true;
    private boolean compareAndSet = true;
    private boolean requireIdempotencyKey = true;

    public ShopifySimulator(String accessToken) {
        this(accessToken, 0, System::nanoTime);
    }

    public ShopifySimulator(String accessToken, int port, LongSupplier nanoTime) {
        this.accessToken = accessToken;
        this.nanoTime = nanoTime;
        this.bucketAt = nanoTime.getAsLong();
        locations.add(LOCATION);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "shopify-simulator");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** Called with (SKU, quantity) each time a mutation sets a quantity, for benchmarks timing arrivals. */
    public void onSet(java.util.function.BiConsumer<String, Long> listener) {
        this.onSet = listener;
    }

    /** The shop's base URL, as a cart's {@code baseUrl}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    // ---- the shop's contents

    /** Adds a tracked variant stocked at {@link #LOCATION}; returns its inventory item id (the cart item reference). */
    public String addVariant(String sku, long available) {
        return addVariant(sku, true, Map.of(LOCATION, available));
    }

    /** Adds a variant with its {@code available} quantity per location it is stocked at. */
    public String addVariant(String sku, boolean tracked, Map<String, Long> availableByLocation) {
        synchronized (lock) {
            int seq = nextId++;
            Variant variant = new Variant(seq, sku, "gid://shopify/InventoryItem/" + seq, tracked,
                    new HashMap<>(availableByLocation));
            byItemId.put(variant.inventoryItemId, variant);
            bySku.computeIfAbsent(variant.sku.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(variant);
            locations.addAll(availableByLocation.keySet());
            return variant.inventoryItemId;
        }
    }

    public void addLocation(String locationId) {
        locations.add(locationId);
    }

    public void removeVariant(String sku) {
        synchronized (lock) {
            byItemId.values().removeIf(v -> v.sku.equals(sku));
            bySku.values().forEach(list -> list.removeIf(v -> v.sku.equals(sku)));
        }
    }

    public void untrack(String sku) {
        synchronized (lock) {
            variant(sku).tracked = false;
        }
    }

    public void unstock(String sku, String locationId) {
        synchronized (lock) {
            variant(sku).available.remove(locationId);
        }
    }

    /** Changes a quantity as the merchant or another app would, behind invsync's back. */
    public void setAvailable(String sku, long available) {
        synchronized (lock) {
            variant(sku).available.put(LOCATION, available);
        }
    }

    /** From now on the item's quantity changes (by one) just before every mutation: compare-and-set never holds. */
    public void keepChanging(String sku) {
        keepChanging.add(sku);
    }

    /** The {@code available} quantity at {@link #LOCATION}; null when not stocked there. */
    public Long available(String sku) {
        return available(sku, LOCATION);
    }

    /** The {@code available} quantity at the location; null when not stocked there. */
    public Long available(String sku, String locationId) {
        synchronized (lock) {
            return variant(sku).available.get(locationId);
        }
    }

    public String inventoryItemId(String sku) {
        synchronized (lock) {
            return variant(sku).inventoryItemId;
        }
    }

    // ---- quirks

    public void bucket(double maximumAvailable, double restoreRate) {
        synchronized (lock) {
            refill();
            this.maximumAvailable = maximumAvailable;
            this.restoreRate = restoreRate;
            this.currentlyAvailable = Math.min(currentlyAvailable, maximumAvailable);
        }
    }

    /** Empties (or sets) the bucket, as if other calls of the same app had spent it. */
    public void setCurrentlyAvailable(double points) {
        synchronized (lock) {
            refill();
            currentlyAvailable = points;
        }
    }

    public void rateLimited(boolean on) {
        synchronized (lock) {
            rateLimited = on;
        }
    }

    /** Answer throttling with HTTP 429 and Retry-After instead of Shopify's HTTP 200 THROTTLED. */
    public void throttleWith429(boolean on) {
        synchronized (lock) {
            throttleWith429 = on;
        }
    }

    /** Whether {@code sku:X} also finds SKUs that start with X (as Shopify's search does). */
    public void prefixSearch(boolean on) {
        synchronized (lock) {
            prefixSearch = on;
        }
    }

    public void compareAndSet(boolean on) {
        synchronized (lock) {
            compareAndSet = on;
        }
    }

    public void requireIdempotencyKey(boolean on) {
        synchronized (lock) {
            requireIdempotencyKey = on;
        }
    }

    /** The next {@code count} calls answer HTTP 500. */
    public void failNext(int count) {
        failNext.set(count);
    }

    /** The next {@code count} calls are carried out, but their answers are lost (HTTP 502), as on a broken link. */
    public void loseNextAnswers(int count) {
        loseNext.set(count);
    }

    // ---- what happened

    /** Calls that reached the operation (authorised), by root field: {@link #SEARCH}, {@link #SET_QUANTITIES}. */
    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    public int searches() {
        return calls(SEARCH);
    }

    public int mutations() {
        return calls(SET_QUANTITIES);
    }

    /** How many times a quantity was actually written to this SKU's item (replays and refused calls do not count). */
    public int writes(String sku) {
        AtomicInteger count = writes.get(sku);
        return count == null ? 0 : count.get();
    }

    public int throttledAnswers() {
        return throttled.get();
    }

    public int replayedAnswers() {
        return replayed.get();
    }

    public int unauthorizedAnswers() {
        return unauthorized.get();
    }

    /** The requests received that Shopify's published schema does not allow. */
    public SpecViolations specViolations() {
        return specViolations;
    }

    public double currentlyAvailable() {
        synchronized (lock) {
            refill();
            return currentlyAvailable;
        }
    }

    // ---- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())
                    || !PATH.matcher(exchange.getRequestURI().getPath()).matches()) {
                respond(exchange, 404, Map.of("errors", "Not Found"));
                return;
            }
            byte[] body = SimulatedApi.body(exchange);
            List<String> problems = specViolations.check(specCheck, new SpecCheck.Request("POST",
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            String token = exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token");
            if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    accessToken.getBytes(StandardCharsets.UTF_8))) {
                unauthorized.incrementAndGet();
                respond(exchange, 401, Map.of("errors",
                        "[API] Invalid API key or access token (unrecognized login or wrong password)"));
                return;
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, 500, Map.of("errors", "Internal Server Error"));
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (JacksonException e) {
                respond(exchange, 400, Map.of("errors", "the body is not JSON"));
                return;
            }
            if (!problems.isEmpty()) { // Shopify validates before it runs anything, and answers 200 with errors
                respond(exchange, 200, Map.of("errors", problems.stream()
                        .map(problem -> error(problem, "BAD_REQUEST")).toList()));
                return;
            }
            String query = request.path("query").asString("");
            JsonNode variables = request.path("variables");
            Answer answer;
            synchronized (lock) {
                if (query.contains(SET_QUANTITIES)) {
                    answer = setQuantities(query, variables);
                } else if (query.contains(SEARCH)) {
                    answer = search(variables);
                } else {
                    answer = new Answer(200, Map.of("errors", List.of(error("this simulator serves only "
                            + SEARCH + " and " + SET_QUANTITIES, "UNSUPPORTED"))), null);
                }
            }
            if (loseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, 502, Map.of("errors", "Bad Gateway"));
                return;
            }
            if (answer.retryAfterSeconds() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfterSeconds());
            }
            respond(exchange, answer.status(), answer.body());
        }
    }

    private record Answer(int status, Object body, String retryAfterSeconds) {
    }

    private record Replay(JsonNode variables, Map<String, Object> data) {
    }

    // ---- productVariants

    private Answer search(JsonNode variables) {
        int first = variables.path("first").asInt(0);
        if (first < 1 || first > 250) {
            return new Answer(200, Map.of("errors", List.of(error("first must be 1..250", "BAD_REQUEST"))), null);
        }
        double requested = 2 + 4.0 * first;
        Answer refused = spend(requested);
        if (refused != null) {
            return refused;
        }
        count(SEARCH);
        String location = variables.path("location").asString(variables.path("locationId").asString(LOCATION));
        List<String> terms = terms(variables.path("query").asString(""));
        List<Variant> matching = terms.stream().flatMap(term -> matching(term).stream()).distinct()
                .sorted(Comparator.comparingInt(v -> v.seq)).toList();
        int offset = variables.path("after").isString() ? Integer.parseInt(variables.path("after").asString()) : 0;
        List<Variant> page = matching.subList(Math.min(offset, matching.size()),
                Math.min(matching.size(), offset + first));
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Variant variant : page) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", variant.inventoryItemId);
            item.put("tracked", variant.tracked);
            Long available = variant.available.get(location);
            item.put("inventoryLevel", available == null ? null
                    : Map.of("quantities", List.of(Map.of("name", "available", "quantity", available))));
            nodes.add(Map.of("sku", variant.sku, "inventoryItem", item));
        }
        boolean more = offset + first < matching.size();
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", more);
        pageInfo.put("endCursor", page.isEmpty() ? null : String.valueOf(offset + page.size()));
        double actual = 2 + 4.0 * page.size();
        refund(requested - actual);
        return ok(Map.of("productVariants", Map.of("nodes", nodes, "pageInfo", pageInfo)), requested, actual);
    }

    private static List<String> terms(String query) {
        List<String> terms = new ArrayList<>();
        Matcher matcher = TERM.matcher(query);
        while (matcher.find()) {
            terms.add(matcher.group(2) != null ? matcher.group(2).replaceAll("\\\\(.)", "$1") : matcher.group(1));
        }
        return terms;
    }

    private List<Variant> matching(String term) {
        String key = term.toLowerCase(Locale.ROOT);
        if (!prefixSearch) {
            return bySku.getOrDefault(key, List.of()).stream().filter(v -> v.sku.equals(term)).toList();
        }
        return bySku.subMap(key, true, key + Character.MAX_VALUE, false).values().stream()
                .flatMap(List::stream).toList();
    }

    // ---- inventorySetQuantities

    private Answer setQuantities(String query, JsonNode variables) {
        JsonNode input = variables.path("input");
        JsonNode quantities = input.path("quantities");
        if (quantities.size() > 250) {
            return new Answer(200, Map.of("errors", List.of(error("The input array size of " + quantities.size()
                    + " is greater than the maximum allowed of 250.", "MAX_INPUT_SIZE_EXCEEDED"))), null);
        }
        Matcher key = IDEMPOTENT.matcher(query);
        String idempotencyKey = key.find() ? key.group(1) : null;
        if (idempotencyKey == null && requireIdempotencyKey) {
            return new Answer(200, Map.of("errors", List.of(error(
                    "The @idempotent directive is required for this mutation", "BAD_REQUEST"))), null);
        }
        double cost = 10 + quantities.size();
        Answer refused = spend(cost);
        if (refused != null) {
            return refused;
        }
        count(SET_QUANTITIES);
        if (idempotencyKey != null) {
            Replay replay = idempotent.get(idempotencyKey);
            if (replay != null) {
                if (replay.variables().equals(variables)) {
                    replayed.incrementAndGet();
                    return ok(replay.data(), cost, cost);
                }
                return ok(payload(null, List.of(userError("IDEMPOTENCY_KEY_PARAMETER_MISMATCH", null,
                        "The same idempotency key cannot be used with different operation parameters."))), cost, cost);
            }
        }
        keepChanging.forEach(sku -> variant(sku).available.computeIfPresent(LOCATION, (l, q) -> q + 1));
        List<Map<String, Object>> errors = validate(input);
        Map<String, Object> data;
        if (errors.isEmpty()) {
            List<Map<String, Object>> changes = new ArrayList<>();
            for (JsonNode quantity : quantities) {
                Variant variant = byItemId.get(quantity.path("inventoryItemId").asString());
                String location = quantity.path("locationId").asString();
                long before = variant.available.get(location);
                long after = quantity.path("quantity").asLong();
                variant.available.put(location, after);
                writes.computeIfAbsent(variant.sku, s -> new AtomicInteger()).incrementAndGet();
                onSet.accept(variant.sku, after);
                changes.add(Map.of("name", "available", "delta", after - before, "quantityAfterChange", after));
            }
            data = payload(Map.of("id", "gid://shopify/InventoryAdjustmentGroup/" + nextGroup++, "changes", changes),
                    List.of());
        } else {
            data = payload(null, errors); // all or nothing
        }
        if (idempotencyKey != null) {
            idempotent.put(idempotencyKey, new Replay(variables.deepCopy(), data));
        }
        return ok(data, cost, cost);
    }

    private List<Map<String, Object>> validate(JsonNode input) {
        List<Map<String, Object>> errors = new ArrayList<>();
        String name = input.path("name").asString("");
        if (!name.equals("available") && !name.equals("on_hand")) {
            errors.add(userError("INVALID_NAME", List.of("input", "name"),
                    "The quantity name must be either 'available' or 'on_hand'."));
        }
        if (input.path("reason").asString("").isBlank()) {
            errors.add(userError("INVALID_REASON", List.of("input", "reason"), "The reason is invalid."));
        }
        JsonNode reference = input.path("referenceDocumentUri");
        if (reference.isString() && !reference.asString().startsWith("gid://")) {
            errors.add(userError("INVALID_REFERENCE_DOCUMENT", List.of("input", "referenceDocumentUri"),
                    "The reference document URI isn't a valid URI."));
        }
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (JsonNode quantity : input.path("quantities")) {
            String at = String.valueOf(index++);
            String itemId = quantity.path("inventoryItemId").asString("");
            String location = quantity.path("locationId").asString("");
            Variant variant = byItemId.get(itemId);
            if (variant == null) {
                errors.add(userError("INVALID_INVENTORY_ITEM", List.of("input", "quantities", at, "inventoryItemId"),
                        "The specified inventory item could not be found."));
                continue;
            }
            if (!locations.contains(location)) {
                errors.add(userError("INVALID_LOCATION", List.of("input", "quantities", at, "locationId"),
                        "The specified location could not be found."));
                continue;
            }
            if (!seen.add(itemId + "|" + location)) {
                errors.add(userError("NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
                        List.of("input", "quantities", at), "The combination of inventoryItemId and locationId "
                                + "must be unique."));
                continue;
            }
            if (!variant.available.containsKey(location)) {
                errors.add(userError("ITEM_NOT_STOCKED_AT_LOCATION", List.of("input", "quantities", at, "locationId"),
                        "The specified inventory item is not stocked at the location."));
                continue;
            }
            long target = quantity.path("quantity").asLong(0);
            if (target < 0) {
                errors.add(userError("INVALID_QUANTITY_NEGATIVE", List.of("input", "quantities", at, "quantity"),
                        "The quantity can't be negative."));
            } else if (target > MAX_QUANTITY) {
                errors.add(userError("INVALID_QUANTITY_TOO_HIGH", List.of("input", "quantities", at, "quantity"),
                        "The quantity can't be higher than 1,000,000,000."));
            }
            if (compareAndSet) {
                if (!quantity.has("changeFromQuantity")) {
                    errors.add(userError("COMPARE_QUANTITY_REQUIRED",
                            List.of("input", "quantities", at, "changeFromQuantity"),
                            "changeFromQuantity must be given for every quantity (null opts out)."));
                } else if (!quantity.path("changeFromQuantity").isNull()
                        && quantity.path("changeFromQuantity").asLong() != variant.available.get(location)) {
                    errors.add(userError("CHANGE_FROM_QUANTITY_STALE",
                            List.of("input", "quantities", at, "changeFromQuantity"),
                            "The changeFromQuantity value does not match persisted value."));
                }
            }
        }
        return errors;
    }

    // ---- the cost bucket

    /** Takes {@code requested} points from the bucket, or answers THROTTLED (or MAX_COST_EXCEEDED). */
    private Answer spend(double requested) {
        if (requested > 1000) {
            return new Answer(200, Map.of("errors", List.of(error("Query cost is " + (long) requested
                    + ", which exceeds the single query max cost limit (1000).", "MAX_COST_EXCEEDED"))), null);
        }
        if (!rateLimited) {
            return null;
        }
        refill();
        if (currentlyAvailable < requested) {
            throttled.incrementAndGet();
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("requestedQueryCost", requested);
            cost.put("actualQueryCost", null);
            cost.put("throttleStatus", throttleStatus());
            Map<String, Object> body = Map.of("errors", List.of(Map.of("message", "Throttled",
                    "extensions", Map.of("code", "THROTTLED", "documentation",
                            "https://shopify.dev/api/usage/rate-limits"))),
                    "extensions", Map.of("cost", cost));
            if (throttleWith429) {
                long seconds = (long) Math.ceil((requested - currentlyAvailable) / restoreRate);
                return new Answer(429, body, String.valueOf(Math.max(1, seconds)));
            }
            return new Answer(200, body, null);
        }
        currentlyAvailable -= requested;
        return null;
    }

    private void refund(double points) {
        if (rateLimited) {
            currentlyAvailable = Math.min(maximumAvailable, currentlyAvailable + points);
        }
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        currentlyAvailable = Math.min(maximumAvailable, currentlyAvailable + restoreRate * (now - bucketAt) / 1e9);
        bucketAt = now;
    }

    private Map<String, Object> throttleStatus() {
        return Map.of("maximumAvailable", maximumAvailable, "currentlyAvailable", Math.floor(currentlyAvailable),
                "restoreRate", restoreRate);
    }

    private Answer ok(Map<String, Object> data, double requested, double actual) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("extensions", Map.of("cost", Map.of("requestedQueryCost", requested, "actualQueryCost", actual,
                "throttleStatus", throttleStatus())));
        return new Answer(200, body, null);
    }

    private static Map<String, Object> payload(Map<String, Object> group, List<Map<String, Object>> userErrors) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("inventoryAdjustmentGroup", group);
        payload.put("userErrors", userErrors);
        return Map.of(SET_QUANTITIES, payload);
    }

    private static Map<String, Object> userError(String code, List<String> field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    private static Map<String, Object> error(String message, String code) {
        return Map.of("message", message, "extensions", Map.of("code", code));
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    }

    private Variant variant(String sku) {
        return bySku.getOrDefault(sku.toLowerCase(Locale.ROOT), List.of()).stream().filter(v -> v.sku.equals(sku))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no variant with SKU " + sku));
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static final class Variant {

        private final int seq;
        private final String sku;
        private final String inventoryItemId;
        private boolean tracked;
        /** available quantity by location id; a location missing here does not stock the item */
        private final Map<String, Long> available;

        Variant(int seq, String sku, String inventoryItemId, boolean tracked, Map<String, Long> available) {
            this.seq = seq;
            this.sku = sku;
            this.inventoryItemId = inventoryItemId;
            this.tracked = tracked;
            this.available = available;
        }
    }
}
