package io.invsync.ingest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A WMS speaking the generic HTTP JSON contract: pages of items behind a bearer token. Each path answers as told:
 * pages, an HTTP error, garbage, or no answer at all (until the test ends).
 */
final class FakeWms implements AutoCloseable {

    private final HttpServer server;
    private final String token;
    private final Map<String, String[]> pages = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, String> garbage = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> pulls = new ConcurrentHashMap<>();
    private volatile String hangPath;

    FakeWms(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Page n (1-based) of {@code path} is {@code json[n-1]}. */
    void pages(String path, String... json) {
        pages.put(path, json);
    }

    void fail(String path, int status) {
        failures.put(path, status);
    }

    void recover(String path) {
        failures.remove(path);
    }

    void garbage(String path, String body) {
        garbage.put(path, body);
    }

    void hang(String path) {
        hangPath = path;
    }

    int requests() {
        return requests.get();
    }

    /** How many pulls of {@code path} began (requests for its first page). */
    int pulls(String path) {
        AtomicInteger count = pulls.get(path);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{}");
                return;
            }
            if (path.equals(hangPath)) {
                released.await(30, TimeUnit.SECONDS);
                respond(exchange, 200, "{\"items\":[]}");
                return;
            }
            if (failures.containsKey(path)) {
                respond(exchange, failures.get(path), "{\"error\":\"down\"}");
                return;
            }
            if (garbage.containsKey(path)) {
                respond(exchange, 200, garbage.get(path));
                return;
            }
            String query = exchange.getRequestURI().getQuery();
            int page = Integer.parseInt(query.replaceAll(".*page=(\\d+).*", "$1"));
            if (page == 1) {
                pulls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            }
            String[] all = pages.getOrDefault(path, new String[0]);
            respond(exchange, 200, page <= all.length ? all[page - 1] : "{\"items\":[]}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
