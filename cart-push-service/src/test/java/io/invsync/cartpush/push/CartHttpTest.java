package io.invsync.cartpush.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.invsync.simulator.Loopback;
import io.invsync.support.OutboundPolicy;

class CartHttpTest {

    private HttpServer echo;
    private final AtomicInteger calls = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

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

    @Test
    void theRequestsCredentialsAreRedactedFromTheBodyTheConnectorReads() {
        String basic = Base64.getEncoder().encodeToString("ck_key_1234:cs_secret_5678".getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri())
                .header("X-Shopify-Access-Token", "shpat_token_abcdef")
                .header("Authorization", "Basic " + basic)
                .header("X-Invsync-Signature", "t=1764600000,v1=0123456789abcdef0123456789abcdef")
                .header("Content-Type", "application/json")
                .GET().build();

        String body = CartHttp.send(http, Loopback.ALLOWED, request, "the cart").body();

        assertThat(body).doesNotContain("shpat_token_abcdef").doesNotContain(basic).doesNotContain("cs_secret_5678")
                .doesNotContain("0123456789abcdef0123456789abcdef").contains(CartHttp.REDACTED)
                .contains("application/json");
    }

    @Test
    void aCallToAHostThePolicyRefusesIsNotMade() {
        HttpRequest request = HttpRequest.newBuilder(uri()).GET().build();

        assertThatThrownBy(() -> CartHttp.send(http, new OutboundPolicy(""), request, "the cart"))
                .isInstanceOf(OutboundPolicy.RefusedException.class).hasMessageContaining("127.0.0.1");
        assertThat(calls).hasValue(0);
    }
}
