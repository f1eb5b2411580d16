package io.invsync.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stateful cart that speaks invsync's webhook contract (shared/CART_APIS.md, "Generic webhook cart"): it checks
 * the HMAC signature, applies each item's quantity once per idempotency key, answers per item, and can be told to
 * throttle (429 + Retry-After), fail (500), or not know / not track some items; {@code POST …/catalog} answers
 * what it holds of each alias value, and {@code GET} shows every quantity. Items that name a {@code location} are
 * kept per location (the catalog read names the location it asks about); items without one in the cart's own. Used by the tests and by local-stack.
 * {@link #failRandomly} makes it an unreliable cart: a seeded share of calls is throttled, fails or times out.
 */
public final class WebhookCartSimulator implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String secret;
    private final HttpServer server;
    private final Map<String, Long> quantities = new ConcurrentHashMap<>();
    /** location → alias value → quantity, for items that name their location. */
    private final Map<String, Map<String, Long>> byLocation = new ConcurrentHashMap<>();
    private final Set<String> untracked = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, Object>> appliedByKey = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger catalogReads = new AtomicInteger();
    private final AtomicInteger itemsReceived = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile Set<String> knownItems;
    private final Object randomFailureLock = new Object();
    private double failureRatio;
    private Random failureDraws;
    private Duration failureHold;
    private final AtomicInteger randomFailures = new AtomicInteger();
    /** The W3C traceparent of each push received that carried one, in arrival order. */
    private final java.util.List<String> traceParents = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean gateClosed;
    private int heldAtGate;
    /** Pushes still let through the closed gate ({@link #letThrough}). */
    private int passesThroughGate;
    /** Catalog reads still let through before the catalog gate closes; negative: the gate is open. */
    private int catalogPassing = -1;
    private int catalogHeld;

    /** What a call that {@link #failRandomly} picked gets. */
    private enum RandomFailure {
        /** 429 with Retry-After: 1. */
        THROTTLED,
        /** 500. */
        SERVER_ERROR,
        /** The call is applied, but the answer is held for the hold time: a caller with a shorter timeout gives up. */
        TIMEOUT
    }

    public WebhookCartSimulator(String secret, int port) {
        this.secret = secret;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/inventory";
    }

    public Long quantity(String aliasValue) {
        return quantities.get(aliasValue);
    }

    public Map<String, Long> quantities() {
        return Map.copyOf(quantities);
    }

    /** The quantity of a value at a named location; null when none was set there. */
    public Long quantity(String location, String aliasValue) {
        return at(location).get(aliasValue);
    }

    private Map<String, Long> at(String location) {
        return location == null ? quantities : byLocation.computeIfAbsent(location, l -> new ConcurrentHashMap<>());
    }

    public int calls() {
        return calls.get();
    }

    public int catalogReads() {
        return catalogReads.get();
    }

    /** Sets a quantity as if someone changed it in the cart's own admin. */
    public void setInCart(String aliasValue, long quantity) {
        quantities.put(aliasValue, quantity);
    }

    /** The traceparent headers of the pushes received (W3C: {@code 00-<trace id>-<span id>-<flags>}). */
    public java.util.List<String> traceParents() {
        return java.util.List.copyOf(traceParents);
    }

    public int itemsReceived() {
        return itemsReceived.get();
    }

    /** Only these alias values exist in the cart; others are answered UNKNOWN_ITEM. Null: every value exists. */
    public void knownItems(Set<String> aliasValues) {
        knownItems = aliasValues == null ? null : Set.copyOf(aliasValues);
    }

    public void untrack(String aliasValue) {
        untracked.add(aliasValue);
    }

    public void throttleNext(int count) {
        throttleNext.set(count);
    }

    /** Calls answered 429, by {@link #throttleNext} or {@link #failRandomly}. */
    public int throttled() {
        return throttled.get();
    }

    public void failNext(int count) {
        failNext.set(count);
    }

    /** {@link #failRandomly(double, long, Duration)} holding timed-out answers for 2 s. */
    public void failRandomly(double ratio, long seed) {
        failRandomly(ratio, seed, Duration.ofSeconds(2));
    }

    /**
     * From now on each call (push or catalog read), in the order the calls arrive, fails with probability
     * {@code ratio}: a third of the failures are throttled (429, Retry-After 1 s), a third answer 500, a third time
     * out (the items are applied, as a slow cart would, but the answer comes only after {@code hold}). The draws
     * come from {@code seed}, so the same sequence of calls meets the same failures. Ratio 0 heals the cart.
     */
    public void failRandomly(double ratio, long seed, Duration hold) {
        if (ratio < 0 || ratio > 1) {
            throw new IllegalArgumentException("ratio must be within 0 and 1: " + ratio);
        }
        synchronized (randomFailureLock) {
            failureRatio = ratio;
            failureDraws = new Random(seed);
            failureHold = hold;
        }
    }

    /** Pushes arriving from now on wait, not yet applied, until {@link #openGate()}: a call in flight, held. */
    public void closeGate() {
        synchronized (gate) {
            gateClosed = true;
        }
    }

    /** Lets the pushes held at the gate through, in no particular order, and every later one. */
    public void openGate() {
        synchronized (gate) {
            gateClosed = false;
            passesThroughGate = 0;
            gate.notifyAll();
        }
    }

    /** Lets {@code count} pushes through the closed gate (those waiting first); the gate stays closed after them. */
    public void letThrough(int count) {
        synchronized (gate) {
            passesThroughGate += count;
            gate.notifyAll();
        }
    }

    /** How many pushes wait at the closed gate. */
    public int heldAtGate() {
        synchronized (gate) {
            return heldAtGate;
        }
    }

    /**
     * The next {@code passing} catalog reads are answered; those after them wait, unanswered, until
     * {@link #openCatalogGate()}: a read in flight, held.
     */
    public void holdCatalogReadsAfter(int passing) {
        synchronized (gate) {
            catalogPassing = passing;
        }
    }

    public void openCatalogGate() {
        synchronized (gate) {
            catalogPassing = -1;
            gate.notifyAll();
        }
    }

    /** How many catalog reads wait at the closed catalog gate. */
    public int heldCatalogReads() {
        synchronized (gate) {
            return catalogHeld;
        }
    }

    private void waitAtCatalogGate() {
        synchronized (gate) {
            if (catalogPassing != 0) {
                catalogPassing = catalogPassing > 0 ? catalogPassing - 1 : catalogPassing;
                return;
            }
            catalogHeld++;
            try {
                while (catalogPassing == 0) {
                    gate.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                catalogHeld--;
            }
        }
    }

    private void waitAtGate() {
        synchronized (gate) {
            heldAtGate++;
            try {
                while (gateClosed && passesThroughGate == 0) {
                    gate.wait();
                }
                if (gateClosed) {
                    passesThroughGate--;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                heldAtGate--;
            }
        }
    }

    /** How many calls {@link #failRandomly} made fail so far. */
    public int randomFailures() {
        return randomFailures.get();
    }

    private RandomFailure nextRandomFailure() {
        synchronized (randomFailureLock) {
            if (failureRatio <= 0) {
                return null;
            }
            double draw = failureDraws.nextDouble();
            if (draw >= failureRatio) {
                return null;
            }
            randomFailures.incrementAndGet();
            return RandomFailure.values()[Math.min(2, (int) (draw / failureRatio * 3))];
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod())) {
                Map<String, Map<String, Long>> locations = new java.util.TreeMap<>();
                byLocation.forEach((location, held) -> locations.put(location, Map.copyOf(held)));
                respond(exchange, 200, JSON.writeValueAsBytes(Map.of("quantities", quantities(),
                        "locations", locations)));
                return;
            }
            byte[] body = SimulatedApi.body(exchange);
            boolean catalog = exchange.getRequestURI().getPath().endsWith("/catalog");
            if (catalog) {
                waitAtCatalogGate();
            } else {
                waitAtGate();
            }
            (catalog ? catalogReads : calls).incrementAndGet();
            String traceParent = exchange.getRequestHeaders().getFirst("traceparent");
            if (!catalog && traceParent != null) {
                traceParents.add(traceParent);
            }
            String signature = exchange.getRequestHeaders().getFirst("X-Invsync-Signature");
            if (signature == null || !MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.UTF_8),
                    signature.getBytes(StandardCharsets.UTF_8))) {
                respond(exchange, 401, "{\"error\":\"bad signature\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throttled.incrementAndGet();
                exchange.getResponseHeaders().add("Retry-After", "1");
                respond(exchange, 429, "{\"error\":\"slow down\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, 500, "{\"error\":\"internal\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            RandomFailure failure = nextRandomFailure();
            if (failure == RandomFailure.THROTTLED) {
                throttled.incrementAndGet();
                exchange.getResponseHeaders().add("Retry-After", "1");
                respond(exchange, 429, "{\"error\":\"slow down\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (failure == RandomFailure.SERVER_ERROR) {
                respond(exchange, 500, "{\"error\":\"internal\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] answer = answer(catalog, JSON.readTree(body));
            if (failure == RandomFailure.TIMEOUT) {
                holdAndRespond(exchange, answer);
                return;
            }
            respond(exchange, 200, answer);
        }
    }

    private byte[] answer(boolean catalog, JsonNode request) {
        if (catalog) {
            List<Map<String, Object>> items = new ArrayList<>();
            String location = request.path("location").asString(null);
            for (JsonNode value : request.path("aliasValues")) {
                items.add(describe(value.asString(), location));
            }
            return JSON.writeValueAsBytes(Map.of("items", items));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (JsonNode item : request.path("items")) {
            itemsReceived.incrementAndGet();
            results.add(apply(item));
        }
        return JSON.writeValueAsBytes(Map.of("results", results));
    }

    private void holdAndRespond(HttpExchange exchange, byte[] answer) {
        Duration hold;
        synchronized (randomFailureLock) {
            hold = failureHold;
        }
        try {
            Thread.sleep(hold.toMillis());
            respond(exchange, 200, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the caller gave up waiting, as intended
        }
    }

    private Map<String, Object> describe(String aliasValue, String location) {
        Map<String, Long> held = at(location);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("aliasValue", aliasValue);
        if (location != null) {
            item.put("location", location);
        }
        Set<String> known = knownItems;
        boolean exists = known == null ? held.containsKey(aliasValue) : known.contains(aliasValue);
        item.put("exists", exists);
        if (exists) {
            item.put("tracked", !untracked.contains(aliasValue));
            item.put("itemRef", "item-" + aliasValue);
            item.put("quantity", held.getOrDefault(aliasValue, 0L));
        }
        return item;
    }

    private Map<String, Object> apply(JsonNode item) {
        String key = item.path("idempotencyKey").asString("");
        Map<String, Object> replay = key.isEmpty() ? null : appliedByKey.get(key);
        if (replay != null) {
            return replay;
        }
        String aliasValue = item.path("aliasValue").asString();
        String location = item.path("location").asString(null);
        long quantity = item.path("quantity").asLong();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("aliasValue", aliasValue);
        if (location != null) {
            result.put("location", location);
        }
        Set<String> known = knownItems;
        if (known != null && !known.contains(aliasValue)) {
            result.put("status", "UNKNOWN_ITEM");
            result.put("reason", "no item with this value");
        } else if (untracked.contains(aliasValue)) {
            result.put("status", "UNTRACKED");
            result.put("reason", "inventory is not tracked for this item");
        } else if (quantity < 0) {
            result.put("status", "REJECTED");
            result.put("reason", "quantity must not be negative");
        } else {
            at(location).put(aliasValue, quantity);
            result.put("status", "APPLIED");
        }
        if (!key.isEmpty()) {
            appliedByKey.put(key, result);
        }
        return result;
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
