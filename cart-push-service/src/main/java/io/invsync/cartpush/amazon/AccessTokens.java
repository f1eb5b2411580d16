package io.invsync.cartpush.amazon;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.http.HttpMethod;

import io.invsync.cartpush.push.CartHttp;
import io.invsync.cartpush.push.CartRequest;
import io.invsync.cartpush.push.CartResponse;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

/**
 * SP-API access tokens, one per cart, exchanged for at Login with Amazon ({@code POST /auth/o2/token},
 * {@code grant_type=refresh_token}) and kept until {@code margin} before they expire, by the injected clock. A
 * token Amazon refused (403 Unauthorized: revoked, or expired early) is replaced once by {@link #renew}. A cart's
 * exchange is made by one thread at a time, so its concurrent calls share the new token.
 *
 * <p>An exchange that fails for the credentials (400 {@code invalid_grant}, 401 {@code invalid_client}) is a
 * {@link LoginRefused}, not retried: the same refresh token will not start working. 429, 5xx and no answer are
 * retryable. What Login with Amazon says is quoted with the credentials scrubbed out.
 */
final class AccessTokens {

    private final CartHttp.Vendor http;
    private final URI endpoint;
    private final Duration margin;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    AccessTokens(CartHttp.Vendor http, URI endpoint, Duration margin, Duration timeout, Clock clock) {
        this.http = http;
        this.endpoint = endpoint;
        this.margin = margin;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The cart's access token: the cached one while it has more than the margin to live, else a new one. */
    String get(String cartId, LwaCredentials credentials) {
        Slot slot = slots.computeIfAbsent(cartId, id -> new Slot());
        synchronized (slot) {
            Token held = slot.token;
            if (held != null && held.fingerprint().equals(credentials.fingerprint())
                    && clock.instant().isBefore(held.refreshAt())) {
                return held.value();
            }
            slot.token = exchange(credentials);
            return slot.token.value();
        }
    }

    /** A new token in place of {@code refused}, unless another call of the cart replaced it already. */
    String renew(String cartId, LwaCredentials credentials, String refused) {
        Slot slot = slots.computeIfAbsent(cartId, id -> new Slot());
        synchronized (slot) {
            if (slot.token != null && slot.token.value().equals(refused)) {
                slot.token = null;
            }
            return get(cartId, credentials);
        }
    }

    private Token exchange(LwaCredentials credentials) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", credentials.refreshToken());
        form.put("client_id", credentials.clientId());
        form.put("client_secret", credentials.clientSecret());
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        CartRequest request = CartRequest.of(HttpMethod.POST, endpoint, "/auth/o2/token",
                        "application/x-www-form-urlencoded;charset=UTF-8", body.getBytes(StandardCharsets.UTF_8))
                .header("Accept", "application/json")
                .timeout(timeout);
        Instant asked = clock.instant();
        CartResponse<String> response = http.send(request);
        int status = response.status();
        if (status == 429 || status >= 500) {
            throw new RetryableCartException("Login with Amazon answered HTTP " + status + " to the token exchange",
                    CartHttp.retryAfter(response).orElse(null));
        }
        if (status != 200) {
            JsonNode answer = lenient(response.body());
            String error = answer.path("error").asString("");
            String description = answer.path("error_description").asString("");
            throw new LoginRefused(credentials.scrub("Login with Amazon refused the token exchange (HTTP " + status
                    + (error.isEmpty() ? "" : " " + error) + (description.isEmpty() ? "" : ": " + description) + ")"));
        }
        JsonNode answer = json(response.body());
        String token = answer.path("access_token").asString("");
        long expiresIn = answer.path("expires_in").asLong(0);
        if (token.isEmpty() || expiresIn <= 0) {
            throw new RetryableCartException("Login with Amazon answered the token exchange without an access token "
                    + "and its expiry", (Duration) null);
        }
        Duration lifetime = Duration.ofSeconds(expiresIn);
        // a lifetime shorter than the margin is kept for half of it, rather than exchanged again at every call
        Duration kept = lifetime.compareTo(margin.multipliedBy(2)) > 0 ? lifetime.minus(margin) : lifetime.dividedBy(2);
        return new Token(token, asked.plus(kept), credentials.fingerprint());
    }

    private static JsonNode json(String body) {
        return CartHttp.json(body == null || body.isBlank() ? "{}" : body, "Login with Amazon");
    }

    /** An error answer's fields, or none when it is not JSON (a proxy's page). */
    private static JsonNode lenient(String body) {
        try {
            return json(body);
        } catch (RetryableCartException e) {
            return EventJson.mapper().createObjectNode();
        }
    }

    private record Token(String value, Instant refreshAt, String fingerprint) {

        @Override
        public String toString() {
            return "Token[refreshAt=" + refreshAt + "]";
        }
    }

    /** One cart's token, and the lock its exchanges are made under. */
    private static final class Slot {
        private Token token;
    }

    /**
     * Login with Amazon refused the cart's credentials: the refresh token is revoked or wrong, or the client id or
     * secret is. Not worth retrying; the message says what Amazon said, with no credential in it.
     */
    static final class LoginRefused extends IllegalStateException {

        LoginRefused(String message) {
            super(message);
        }
    }
}
