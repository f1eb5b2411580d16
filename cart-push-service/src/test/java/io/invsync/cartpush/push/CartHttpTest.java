package io.invsync.cartpush.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

import com.sun.net.httpserver.HttpServer;

import io.invsync.events.CartType;
import io.invsync.simulator.Loopback;
import io.invsync.support.OutboundPolicy;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

class CartHttpTest {

    private HttpServer echo;
    private final AtomicInteger calls = new AtomicInteger();
    private final CartHttp.Vendor cart = TestCartHttp.allowingLoopback().vendor(CartType.WEBHOOK, "the cart");

    /** Answers 401 with every request header in the body, as a misbehaving cart or proxy might. */
    @BeforeEach
    void start() throws Exception {
        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        echo.createContext("/", exchange -> {
            calls.incrementAndGet();
            StringBuilder body = new StringBuilder("{\"message\":\"");
            exchange.getRequestHeaders().forEach((name, values) -> body.append(name).append('=').append(values).append(' '));
            byte[] bytes = body.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        echo.start();
    }

    @AfterEach
    void stop() {
        echo.stop(0);
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/api");
    }

    private CartRequest get() {
        return CartRequest.get(uri(), "/api").timeout(Duration.ofSeconds(5));
    }

    @Test
    void theRequestsCredentialsAreRedactedFromTheBodyTheConnectorReads() {
        String basic = Base64.getEncoder().encodeToString("ck_key_1234:cs_secret_5678".getBytes(StandardCharsets.UTF_8));
        CartRequest request = get()
                .header("X-Shopify-Access-Token", "shpat_token_abcdef")
                .header("Authorization", "Basic " + basic)
                .header("X-Invsync-Signature", "t=1764600000,v1=0123456789abcdef0123456789abcdef")
                .header("Content-Type", "application/json");

        String body = cart.send(request).body();

        assertThat(body).doesNotContain("shpat_token_abcdef").doesNotContain(basic).doesNotContain("cs_secret_5678")
                .doesNotContain("0123456789abcdef0123456789abcdef").contains(CartHttp.REDACTED)
                .contains("application/json");
    }

    @Test
    void aCallToAHostThePolicyRefusesIsNotMade() {
        CartHttp.Vendor refusing = new CartHttp(RestClient.builder(), new OutboundPolicy(""))
                .vendor(CartType.WEBHOOK, "the cart");

        assertThatThrownBy(() -> refusing.send(get()))
                .isInstanceOf(OutboundPolicy.RefusedException.class).hasMessageContaining("127.0.0.1");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aNonSuccessAnswerIsTheCallersToReadAndOnlyThrottlesAndServerErrorsAreRetryable() {
        CartResponse<String> response = cart.sendRetryingThrottles(get());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).contains("message");
        HttpHeaders throttled = new HttpHeaders();
        throttled.set("Retry-After", "7");
        assertThatThrownBy(() -> cart.retryableIfThrottledOrFailing(new CartResponse<>(429, throttled, ""),
                null, "")).isInstanceOf(RetryableCartException.class).hasMessage("the cart throttled the call (HTTP 429)")
                .extracting(e -> ((RetryableCartException) e).retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> cart.retryableIfThrottledOrFailing(new CartResponse<>(503, throttled, ""),
                null, ", reading")).isInstanceOf(RetryableCartException.class)
                .hasMessage("the cart answered HTTP 503, reading");
    }

    @Test
    void aRequestForBytesMayCarryNoCredential() {
        assertThatThrownBy(() -> cart.sendForBytes(get().header("x-amz-access-token", "Atza|token")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x-amz-access-token");
        assertThat(calls).hasValue(0);

        assertThat(cart.sendForBytes(get().header("Accept", "application/json")).status()).isEqualTo(401);
    }

    @Test
    void noAnswerInTimeIsRetryableAndNamesTheVendorNotTheRequest() throws Exception {
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        silent.createContext("/", exchange -> {
            // never answers: the call times out first
        });
        silent.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + silent.getAddress().getPort() + "/api?sku=SECRET-SKU");
            assertThatThrownBy(() -> cart.send(CartRequest.get(uri, "/api").timeout(Duration.ofMillis(200))
                    .header("X-Auth-Token", "token_abcdef")))
                    .isInstanceOf(RetryableCartException.class).hasMessage("the cart did not answer within 200 ms");
        } finally {
            silent.stop(0);
        }
    }

    @Test
    void everyCallIsTimedAsHttpClientRequestsWithItsCartTypeRouteAndStatus() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        CartHttp http = new CartHttp(RestClient.builder().observationRegistry(observations), Loopback.ALLOWED);

        http.vendor(CartType.SHOPIFY, "Shopify").send(CartRequest.get(URI.create(uri() + "/42?sku=A-1"), "/api/{id}")
                .timeout(Duration.ofSeconds(5)));
        http.vendor(CartType.BIGCOMMERCE, "the store").send(get());
        http.vendor(CartType.BIGCOMMERCE, "the store").send(get());

        Timer shopify = meters.get("http.client.requests").tag(CartCallObservation.CART_TYPE_TAG, "SHOPIFY")
                .tag("method", "GET").tag("status", "401").tag("outcome", "CLIENT_ERROR").tag("uri", "/api/{id}")
                .tag("client.name", "127.0.0.1").timer();
        Timer store = meters.get("http.client.requests").tag(CartCallObservation.CART_TYPE_TAG, "BIGCOMMERCE")
                .tag("status", "401").tag("uri", "/api").timer();
        assertThat(shopify.count()).isEqualTo(1);
        assertThat(store.count()).isEqualTo(2);
        assertThat(meters.get("http.client.requests").timers()).hasSize(2)
                .allSatisfy(timer -> assertThat(timer.getId().getTag("uri")).doesNotContain("sku").doesNotContain("42"));
    }
}
