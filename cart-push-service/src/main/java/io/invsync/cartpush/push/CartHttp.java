package io.invsync.cartpush.push;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import io.invsync.events.CartType;
import io.invsync.events.EventJson;
import io.invsync.support.OutboundPolicy;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The one HTTP layer of the cart connectors: every call to a cart goes through Boot's {@link RestClient.Builder}, so
 * it is observed — timed as {@code http.client.requests} with the cart type ({@link CartCallObservation}), and, when
 * a span is current (the cart call's: see {@link CallSpans}), sent with the W3C {@code traceparent} of its own child
 * span. Each connector holds a {@link Vendor}: the cart type it is timed under and the name its messages use.
 *
 * <p>How a call's failures are judged: no answer in time, a connection that fails, a throttled call (429) and a
 * server error (5xx) are worth another try; anything else, whatever its status, is the connector's to read (no
 * status handler throws). Messages name the vendor, never the request (whose headers hold the secret).
 *
 * <p>Connectors quote a vendor's error messages in their reasons (they say what to fix). A cart that echoes the
 * request back, or a proxy's error page that does, would carry the token into a reason, a log line and the
 * diagnostics; so the body every connector reads has each credential-bearing request header value (tokens, keys,
 * signatures, the parts of a Basic credential) replaced by {@code [redacted]} before any connector sees it.
 */
@Component
public class CartHttp {

    private static final long MAX_RETRY_AFTER_SECONDS = 300;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final RestClient.Builder builder;
    private final OutboundPolicy outbound;
    /** One connection pool for every cart; redirects are not followed (each host is checked by the policy). */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    /** A client per timeout (a request factory holds its read timeout): as many as the connectors' settings. */
    private final Map<Duration, RestClient> clients = new ConcurrentHashMap<>();

    /** {@code builder}: Boot's, which carries the observation registry; tests pass {@code RestClient.builder()}. */
    @Autowired
    public CartHttp(RestClient.Builder builder, OutboundPolicy outbound) {
        this.builder = builder.clone().observationConvention(new CartCallObservation());
        this.outbound = outbound;
    }

    /** The calls of one vendor: timed under {@code type}, named {@code name} in messages ("Shopify", "the store"). */
    public Vendor vendor(CartType type, String name) {
        return new Vendor(type, name);
    }

    /** The calls of one vendor, through this layer. */
    public final class Vendor {

        private final CartType type;
        private final String name;

        private Vendor(CartType type, String name) {
            this.type = Objects.requireNonNull(type);
            this.name = Objects.requireNonNull(name);
        }

        /**
         * Sends after {@link OutboundPolicy#checkCall} allowed the request's host (resolved now: a name may point
         * elsewhere than when the settings were saved); a refusal throws {@link OutboundPolicy.RefusedException},
         * which is not retried. The answer's body has the request's credentials redacted.
         */
        public CartResponse<String> send(CartRequest request) {
            CartResponse<String> response = exchange(this, request, CartHttp::text);
            return new CartResponse<>(response.status(), response.headers(), redacted(request, response.body()));
        }

        /** {@link #send}, then 429 (with its Retry-After) and 5xx become {@link RetryableCartException}. */
        public CartResponse<String> sendRetryingThrottles(CartRequest request) {
            return retryableIfThrottledOrFailing(send(request), null, "");
        }

        /**
         * {@link #send} for a body that may not be text (a compressed document behind a vendor's pre-signed URL).
         * Its bytes cannot be redacted, so the request may carry no credential: one that does is refused here.
         */
        public CartResponse<byte[]> sendForBytes(CartRequest request) {
            request.headers().keySet().stream().filter(header -> !PLAIN_HEADERS.contains(header.toLowerCase(Locale.ROOT)))
                    .findFirst().ifPresent(header -> {
                        throw new IllegalArgumentException("a request for bytes carries no credential; it has " + header);
                    });
            return exchange(this, request, response -> response.getBody().readAllBytes());
        }

        /**
         * The one rule of what is worth another try: 429 (after the vendor's own hint, {@code hint} when it gives one
         * elsewhere than Retry-After, else its Retry-After) and 5xx throw {@link RetryableCartException}; any other
         * answer is the caller's to read.
         *
         * @param detail appended to the reason (the vendor's error codes, what the call was for), "" for none
         */
        public <T> CartResponse<T> retryableIfThrottledOrFailing(CartResponse<T> response, Duration hint,
                String detail) {
            if (response.status() == 429) {
                throw new RetryableCartException(name + " throttled the call (HTTP 429" + detail + ")",
                        hint != null ? hint : retryAfter(response).orElse(null));
            }
            if (response.status() >= 500) {
                throw new RetryableCartException(name + " answered HTTP " + response.status() + detail,
                        (Duration) null);
            }
            return response;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** How an answer's body is read, inside the observed exchange. */
    private interface BodyReader<T> {
        T read(ClientHttpResponse response) throws IOException;
    }

    private <T> CartResponse<T> exchange(Vendor vendor, CartRequest request, BodyReader<T> reader) {
        Duration timeout = Objects.requireNonNull(request.timeout(), "a cart call has a timeout");
        outbound.checkCall(request.uri());
        RestClient.RequestBodySpec spec = clients.computeIfAbsent(timeout, this::client)
                .method(request.method()).uri(request.uri())
                .attribute(CartCallObservation.CART_TYPE, vendor.type.name())
                .attribute(CartCallObservation.ROUTE, request.route())
                .headers(headers -> request.headers().forEach(headers::set));
        if (request.body() != null) {
            spec.body(request.body());
        }
        try {
            return spec.exchange((sent, response) -> new CartResponse<>(response.getStatusCode().value(),
                    HttpHeaders.copyOf(response.getHeaders()), reader.read(response)));
        } catch (ResourceAccessException e) {
            throw failure(vendor, timeout, e.getCause() == null ? e : e.getCause());
        }
    }

    private RestClient client(Duration timeout) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(timeout);
        return builder.clone().requestFactory(factory).build();
    }

    /**
     * What an I/O failure means for the call; the cause kept is the I/O exception itself, not RestClient's wrapper
     * (whose message quotes the URL: a pre-signed URL's query is a credential).
     */
    private static RuntimeException failure(Vendor vendor, Duration timeout, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return new IllegalStateException("interrupted while calling " + vendor, cause);
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return new RetryableCartException(vendor + " did not answer within " + timeout.toMillis() + " ms", cause);
            }
        }
        return new RetryableCartException("cannot reach " + vendor + ": " + cause.getClass().getSimpleName(), cause);
    }

    /** The body as text, in the charset the answer names (UTF-8 when it names none). */
    private static String text(ClientHttpResponse response) throws IOException {
        Charset charset = StandardCharsets.UTF_8;
        try {
            MediaType type = response.getHeaders().getContentType();
            if (type != null && type.getCharset() != null) {
                charset = type.getCharset();
            }
        } catch (IllegalArgumentException e) {
            // a Content-Type that does not parse (InvalidMediaTypeException) or an unknown charset: read as UTF-8
        }
        return new String(response.getBody().readAllBytes(), charset);
    }

    /** Request headers that carry no credential; every other header's value is kept out of the response body. */
    private static final Set<String> PLAIN_HEADERS = Set.of("accept", "content-type", "content-length", "user-agent",
            "idempotency-key", "x-invsync-batch-id", "traceparent", "tracestate");
    private static final int SHORTEST_REDACTED = 6;
    static final String REDACTED = "[redacted]";

    /** {@code body} with the request's credential-bearing header values replaced. */
    static String redacted(CartRequest request, String body) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        List<String> secrets = new ArrayList<>();
        request.headers().forEach((name, value) -> {
            if (!PLAIN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                secretsOf(value, secrets);
            }
        });
        secrets.sort(Comparator.comparingInt(String::length).reversed()); // the whole value before its parts
        String scrubbed = body;
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, REDACTED);
        }
        return scrubbed;
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

    /** The {@code Retry-After} header in seconds (fractions allowed), at most five minutes. */
    public static Optional<Duration> retryAfter(CartResponse<?> response) {
        return response.header("Retry-After").flatMap(value -> retryAfter(value, Instant.now()));
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
