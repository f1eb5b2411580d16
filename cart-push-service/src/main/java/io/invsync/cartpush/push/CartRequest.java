package io.invsync.cartpush.push;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.http.HttpMethod;

import io.invsync.events.EventJson;

/**
 * One HTTP request to a cart, as every connector builds it and {@link CartHttp} sends it. {@code route} is the
 * request's path with its ids left out ({@code /v3/inventory/items}, {@code /listings/{sellerId}/{sku}}): the
 * {@code uri} tag of the {@code http.client.requests} timer, which must not grow with every SKU, shop or query.
 * Immutable: {@link #header} and {@link #timeout} return a changed copy. Header values are never printed (they hold
 * the secret).
 */
public record CartRequest(HttpMethod method, URI uri, String route, Map<String, String> headers, byte[] body,
        Duration timeout) {

    public CartRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(route, "route");
        headers = Map.copyOf(headers);
    }

    public static CartRequest get(URI uri, String route) {
        return new CartRequest(HttpMethod.GET, uri, route, Map.of(), null, null);
    }

    /** A request with a body of {@code contentType}. */
    public static CartRequest of(HttpMethod method, URI uri, String route, String contentType, byte[] body) {
        return new CartRequest(method, uri, route, Map.of("Content-Type", contentType), body, null);
    }

    /** A request whose body is {@code body} as JSON. */
    public static CartRequest json(HttpMethod method, URI uri, String route, Object body) {
        return of(method, uri, route, "application/json", EventJson.write(body));
    }

    /** This request with the header {@code name} set to {@code value} (replacing one of the same name). */
    public CartRequest header(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>();
        headers.forEach((key, old) -> {
            if (!key.equalsIgnoreCase(name)) {
                changed.put(key, old);
            }
        });
        changed.put(name, value);
        return new CartRequest(method, uri, route, changed, body, timeout);
    }

    /** This request, to be answered within {@code timeout} (or be worth another try). */
    public CartRequest timeout(Duration timeout) {
        return new CartRequest(method, uri, route, headers, body, timeout);
    }

    @Override
    public String toString() {
        return "CartRequest[" + method + " " + route + ", headers " + headers.keySet() + "]";
    }
}
