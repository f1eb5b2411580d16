package io.invsync.simulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

/**
 * What the vendor simulators share: an HTTP server on a free loopback port, the switches that make the vendor
 * misbehave — throttle, fail or never answer the next calls — and the check of every request received against the
 * vendor's published document ({@link SpecCheck}), whose violations are recorded ({@link #specViolations()}) before
 * the simulator answers. Each simulator answers in its vendor's own words, and refuses a non-conforming request
 * as its vendor would (see {@link #specProblems}).
 */
abstract class SimulatedApi implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        // answer without waiting for the client's delayed ACK (Nagle), as a real server does: else each small
        // request/response pair costs ~40 ms on loopback (read once, by the first HttpServer of the JVM)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String PROBLEMS = "invsync.spec-problems";

    private final HttpServer server;
    private final SpecCheck specCheck;
    private final SpecViolations specViolations;
    private final List<HttpExchange> unanswered = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger hangNext = new AtomicInteger();
    private final AtomicInteger throttledOnCue = new AtomicInteger();
    private final AtomicInteger failedOnCue = new AtomicInteger();

    SimulatedApi(String vendor, SpecCheck specCheck) {
        this.specCheck = specCheck;
        this.specViolations = new SpecViolations(vendor);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen", e);
        }
        server.createContext("/", this::checkThenHandle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    abstract void handle(HttpExchange exchange) throws IOException;

    private void checkThenHandle(HttpExchange exchange) throws IOException {
        byte[] body = body(exchange);
        exchange.setStreams(new ByteArrayInputStream(body), exchange.getResponseBody());
        SpecCheck.Request request = new SpecCheck.Request(exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), body);
        exchange.setAttribute(PROBLEMS, specViolations.check(specCheck, request));
        handle(exchange);
        specViolations.checkBody(specCheck, request); // answered already: the connector does not wait for this
    }

    /**
     * What the vendor's published document says against this request (empty when it conforms). Already recorded;
     * a simulator asks once it has checked what its vendor checks first (the token), and refuses if non-empty.
     */
    @SuppressWarnings("unchecked")
    static List<String> specProblems(HttpExchange exchange) {
        Object problems = exchange.getAttribute(PROBLEMS);
        return problems == null ? List.of() : (List<String>) problems;
    }

    /** The check every request goes through. */
    SpecCheck spec() {
        return specCheck;
    }

    /** The requests received that the vendor's published document does not allow. */
    public SpecViolations specViolations() {
        return specViolations;
    }

    /** {@code http://127.0.0.1:<port>}. */
    String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code count} calls are throttled, in the vendor's way. */
    public void throttleNext(int count) {
        throttleNext.set(count);
    }

    /** The next {@code count} calls fail with a server error. */
    public void failNext(int count) {
        failNext.set(count);
    }

    /** The next {@code count} calls are never answered: the client's timeout fires. */
    public void hangNext(int count) {
        hangNext.set(count);
    }

    /** Whether this call is to be throttled (one of {@link #throttleNext}). */
    boolean throttleThis() {
        return counted(takeOne(throttleNext), throttledOnCue);
    }

    /** Whether this call is to fail (one of {@link #failNext}). */
    boolean failThis() {
        return counted(takeOne(failNext), failedOnCue);
    }

    /**
     * How many calls {@link #throttleNext} has throttled so far: a test can tell a throttle its simulator ignored
     * from one the client rode out.
     */
    public int throttledOnCue() {
        return throttledOnCue.get();
    }

    /** How many calls {@link #failNext} has failed so far. */
    public int failedOnCue() {
        return failedOnCue.get();
    }

    private static boolean counted(boolean taken, AtomicInteger counter) {
        if (taken) {
            counter.incrementAndGet();
        }
        return taken;
    }

    /** Keeps the exchange unanswered when it is one of {@link #hangNext}; true if so. */
    boolean hangThis(HttpExchange exchange) {
        if (takeOne(hangNext)) {
            unanswered.add(exchange);
            return true;
        }
        return false;
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    @Override
    public void close() {
        unanswered.forEach(HttpExchange::close);
        server.stop(0);
    }

    /** The request's body, read whole. */
    static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    static void send(HttpExchange exchange, int status, String contentType, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
