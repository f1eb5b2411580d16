package io.invsync.cartpush.push;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP call every connector makes, and how its failures are judged: no answer in time, a connection that
 * fails, a throttled call (429) and a server error (5xx) are worth another try; anything else is the connector's
 * to read. Messages name the vendor, never the request (whose headers hold the secret).
 */
public final class CartHttp {

    private static final long MAX_RETRY_AFTER_SECONDS = 300;

    private CartHttp() {
    }

    public static HttpResponse<String> send(HttpClient http, HttpRequest request, String vendor) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
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

    /** Sends, then turns 429 (with its Retry-After) and 5xx into {@link RetryableCartException}. */
    public static HttpResponse<String> sendRetryingThrottles(HttpClient http, HttpRequest request, String vendor) {
        HttpResponse<String> response = send(http, request, vendor);
        if (response.statusCode() == 429) {
            throw new RetryableCartException(vendor + " throttled the call (HTTP 429)", retryAfter(response).orElse(null));
        }
        if (response.statusCode() >= 500) {
            throw new RetryableCartException(vendor + " answered HTTP " + response.statusCode(), (Duration) null);
        }
        return response;
    }

    /** The {@code Retry-After} header in seconds (fractions allowed), at most five minutes. */
    public static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                double seconds = Math.min(Math.max(Double.parseDouble(value.strip()), 0), MAX_RETRY_AFTER_SECONDS);
                return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
