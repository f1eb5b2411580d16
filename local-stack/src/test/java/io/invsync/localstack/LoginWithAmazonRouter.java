package io.invsync.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/**
 * The stack's Login with Amazon: cart-push-service has one token URL, the tests several Amazon accounts (a vendor
 * simulator, an echoing cart). Each {@code POST /auth/o2/token} is passed on, body and all, to the endpoint
 * registered for its {@code refresh_token}, and its answer passed back; an unknown refresh token is 400
 * {@code invalid_grant}, as Amazon answers it.
 */
final class LoginWithAmazonRouter implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> routes = new ConcurrentHashMap<>();

    LoginWithAmazonRouter() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/auth/o2/token", exchange -> {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String target = routes.get(refreshToken(new String(body, StandardCharsets.UTF_8)));
                byte[] answer;
                int status;
                if (target == null) {
                    status = 400;
                    answer = "{\"error\":\"invalid_grant\",\"error_description\":\"unknown refresh token\"}"
                            .getBytes(StandardCharsets.UTF_8);
                } else {
                    HttpResponse<byte[]> passed = http.send(HttpRequest.newBuilder(URI.create(target + "/auth/o2/token"))
                            .header("Content-Type", exchange.getRequestHeaders().getFirst("Content-Type"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    status = passed.statusCode();
                    answer = passed.body();
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void route(String refreshToken, String baseUrl) {
        routes.put(refreshToken, baseUrl);
    }

    private static String refreshToken(String form) {
        for (String pair : form.split("&")) {
            int at = pair.indexOf('=');
            if (at > 0 && "refresh_token".equals(URLDecoder.decode(pair.substring(0, at), StandardCharsets.UTF_8))) {
                return URLDecoder.decode(pair.substring(at + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
