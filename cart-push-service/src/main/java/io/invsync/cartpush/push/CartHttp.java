package io.invsync.cartpush.push;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLSession;

import io.invsync.events.EventJson;
import io.invsync.support.OutboundPolicy;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP call every connector makes, and how its failures are judged: no answer in time, a connection that
 * fails, a throttled call (429) and a server error (5xx) are worth another try; anything else is the connector's
 * to read. Messages name the vendor, never the request (whose headers hold the secret).
 *
 * <p>Connectors quote a vendor's error messages in their reasons (they say what to fix). A cart that echoes the
 * request back, or a proxy's error page that does, would carry the token into a reason, a log line and the
 * diagnostics; so the body every connector reads has each credential-bearing request header value (tokens, keys,
 * signatures, the parts of a Basic credential) replaced by {@code [redacted]} before any connector sees it.
 */
public final class CartHttp {

    private static final long MAX_RETRY_AFTER_SECONDS = 300;

    private CartHttp() {
    }

    /**
     * Sends after {@link OutboundPolicy#checkCall} allowed the request's host (resolved now: a name may point
     * elsewhere than when the settings were saved); a refusal throws {@link OutboundPolicy.RefusedException},
     * which is not retried.
     */
    public static HttpResponse<String> send(HttpClient http, OutboundPolicy outbound, HttpRequest request,
            String vendor) {
        return redacted(request, exchange(http, outbound, request, vendor, HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * {@link #send} for a body that may not be text (a compressed document behind a vendor's pre-signed URL). Its
     * bytes cannot be redacted, so the request may carry no credential: one that does is refused here.
     */
    public static HttpResponse<byte[]> sendForBytes(HttpClient http, OutboundPolicy outbound, HttpRequest request,
            String vendor) {
        request.headers().map().keySet().stream().filter(name -> !PLAIN_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
                .findFirst().ifPresent(name -> {
                    throw new IllegalArgumentException("a request for bytes carries no credential; it has " + name);
                });
        return exchange(http, outbound, request, vendor, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static <T> HttpResponse<T> exchange(HttpClient http, OutboundPolicy outbound, HttpRequest request,
            String vendor, HttpResponse.BodyHandler<T> body) {
        outbound.checkCall(request.uri());
        request = traced(request);
        try {
            return http.send(request, body);
        } catch (HttpTimeoutException e) {
            throw new RetryableCartException(vendor + " did not answer within "
                    + request.timeout().map(Duration::toMillis).map(ms -> ms + " ms").orElse("its timeout"), e);
        } catch (IOException e) {
            throw new RetryableCartException("cannot reach " + vendor + ": " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + vendor, e);
        }
    }

    /** The request with the current span's W3C traceparent (the cart call's span: see PushCalls), if there is one. */
    static HttpRequest traced(HttpRequest request) {
        io.opentelemetry.context.Context current = io.opentelemetry.context.Context.current();
        if (!io.opentelemetry.api.trace.Span.fromContext(current).getSpanContext().isValid()
                || request.headers().firstValue(io.invsync.support.TraceHeaders.TRACEPARENT).isPresent()) {
            return request;
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
        io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance().inject(current, builder,
                (carrier, key, value) -> carrier.header(key, value));
        return builder.build();
    }

    /** Request headers that carry no credential; every other header's value is kept out of the response body. */
    private static final Set<String> PLAIN_HEADERS = Set.of("accept", "content-type", "content-length", "user-agent",
            "idempotency-key", "x-invsync-batch-id", "traceparent", "tracestate");
    private static final int SHORTEST_REDACTED = 6;
    static final String REDACTED = "[redacted]";

    /** The response, its body with the request's credential-bearing header values replaced. */
    static HttpResponse<String> redacted(HttpRequest request, HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isEmpty()) {
            return response;
        }
        List<String> secrets = new ArrayList<>();
        request.headers().map().forEach((name, values) -> {
            if (!PLAIN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> secretsOf(value, secrets));
            }
        });
        secrets.sort(Comparator.comparingInt(String::length).reversed()); // the whole value before its parts
        String scrubbed = body;
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, REDACTED);
        }
        if (scrubbed.equals(body)) {
            return response;
        }
        String safe = scrubbed;
        return new HttpResponse<>() {
            @Override public int statusCode() { return response.statusCode(); }
            @Override public HttpRequest request() { return response.request(); }
            @Override public Optional<HttpResponse<String>> previousResponse() { return response.previousResponse(); }
            @Override public HttpHeaders headers() { return response.headers(); }
            @Override public String body() { return safe; }
            @Override public Optional<SSLSession> sslSession() { return response.sslSession(); }
            @Override public URI uri() { return response.uri(); }
            @Override public HttpClient.Version version() { return response.version(); }
        };
    }

    /** A header value, its token after a scheme ("Bearer x"), and for Basic the decoded user and password. */
    private static void secretsOf(String value, List<String> secrets) {
        String v = value.strip();
        add(v, secrets);
        int space = v.indexOf(' ');
        if (space > 0) {
            String token = v.substring(space + 1).strip();
            add(token, secrets);
            if (v.regionMatches(true, 0, "Basic", 0, 5)) {
                try {
                    String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
                    add(decoded, secrets);
                    for (String part : decoded.split(":", 2)) {
                        add(part, secrets);
                    }
                } catch (IllegalArgumentException e) {
                    // not Base64: the token itself is redacted
                }
            }
        }
        for (String part : v.split("[,;=\\s]+")) { // "t=…,v1=…" signatures: each part
            add(part, secrets);
        }
    }

    private static void add(String candidate, List<String> secrets) {
        if (candidate.length() >= SHORTEST_REDACTED && !candidate.chars().allMatch(Character::isDigit)) {
            secrets.add(candidate);
        }
    }

    /**
     * A cart's answer read as JSON; an answer that is not JSON (a proxy's error page, a cut-off body) is worth
     * another try.
     *
     * @param who the vendor as the reason names it ("Shopify", "the store")
     */
    public static JsonNode json(String body, String who) {
        try {
            return EventJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new RetryableCartException(who + "'s answer is not JSON", e);
        }
    }

    /** Sends, then turns 429 (with its Retry-After) and 5xx into {@link RetryableCartException}. */
    public static HttpResponse<String> sendRetryingThrottles(HttpClient http, OutboundPolicy outbound,
            HttpRequest request, String vendor) {
        return retryableIfThrottledOrFailing(send(http, outbound, request, vendor), vendor, null, "");
    }

    /**
     * The one rule of what is worth another try: 429 (after the vendor's own hint, {@code hint} when it gives one
     * elsewhere than Retry-After, else its Retry-After) and 5xx throw {@link RetryableCartException}; any other
     * answer is the caller's to read.
     *
     * @param detail appended to the reason (the vendor's error codes, what the call was for), "" for none
     */
    public static <T> HttpResponse<T> retryableIfThrottledOrFailing(HttpResponse<T> response, String vendor,
            Duration hint, String detail) {
        if (response.statusCode() == 429) {
            throw new RetryableCartException(vendor + " throttled the call (HTTP 429" + detail + ")",
                    hint != null ? hint : retryAfter(response).orElse(null));
        }
        if (response.statusCode() >= 500) {
            throw new RetryableCartException(vendor + " answered HTTP " + response.statusCode() + detail,
                    (Duration) null);
        }
        return response;
    }

    /** The {@code Retry-After} header in seconds (fractions allowed), at most five minutes. */
    public static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> retryAfter(value, Instant.now()));
    }

    /**
     * A {@code Retry-After} value in either of its forms (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date, which
     * counts from {@code now} (a date already past: at once); at most {@value #MAX_RETRY_AFTER_SECONDS} s, empty
     * when it is neither.
     */
    static Optional<Duration> retryAfter(String value, Instant now) {
        String text = value.strip();
        double seconds;
        try {
            seconds = Double.parseDouble(text);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                seconds = Duration.between(now, at).toMillis() / 1000.0;
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (Double.isNaN(seconds)) {
            return Optional.empty();
        }
        seconds = Math.min(Math.max(seconds, 0), MAX_RETRY_AFTER_SECONDS);
        return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
    }
}
