package io.invsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.Topics;
import io.invsync.ingest.security.SignedPushFilter;

/** Signed pushes v2: t, method, path and query and body under the merchant's WMS secret, fresh and used once. */
class SignedPushTest extends IngestTestBase {

    private static final String SECRET = "signing-secret";
    private static final String PATH = "/api/merchants/signed/inventory";

    @BeforeEach
    void signedMerchant() throws Exception {
        merchant("signed", """
                {"inventorySync":"AUTOMATIC","wms":{"type":"HTTP_JSON","credentialsRef":"WMS_SIGNING"}}""");
    }

    @Test
    void aFreshCorrectSignatureIsAcceptedForInventoryAndOrders() throws Exception {
        String body = items("SIGNED-OK");
        mvc.perform(signed(PATH, body, sign(SECRET, now(), PATH, body)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(1));
        String orders = "{\"lines\":[{\"orderId\":\"so-1\",\"sku\":\"SIGNED-OK\",\"quantity\":1}]}";
        String ordersPath = "/api/merchants/signed/orders";
        mvc.perform(signed(ordersPath, orders, sign(SECRET, now(), ordersPath, orders)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(1));
        assertThat(readAtLeast(Topics.CART_ORDERS, CartOrderLineReceived.class, o -> o.orderId().equals("so-1"), 1))
                .hasSize(1);
    }

    @Test
    void wrongStaleFutureReplayedTamperedAndOldStyleSignaturesAreRefusedAndNothingIsPublished() throws Exception {
        long now = now();
        String wrong = items("REFUSED-WRONG");
        expectRefused(signed(PATH, wrong, sign("guessed-secret", now, PATH, wrong)), "does not verify");
        String stale = items("REFUSED-STALE");
        expectRefused(signed(PATH, stale, sign(SECRET, now - 360, PATH, stale)), "stale");
        String future = items("REFUSED-FUTURE");
        expectRefused(signed(PATH, future, sign(SECRET, now + 360, PATH, future)), "future");
        String tampered = items("REFUSED-QUERY");
        expectRefused(signed(PATH + "?warehouseId=OTHER", tampered,
                sign(SECRET, now, PATH + "?warehouseId=W", tampered)), "does not verify");
        String bodyTampered = items("REFUSED-BODY");
        expectRefused(signed(PATH, bodyTampered, sign(SECRET, now, PATH, items("SOMETHING-ELSE"))), "does not verify");
        expectRefused(signed(PATH, items("REFUSED-OLD"), "sha256=" + "0".repeat(64)), "must be t=");

        String once = items("SIGNED-ONCE");
        String signature = sign(SECRET, now, PATH, once);
        mvc.perform(signed(PATH, once, signature)).andExpect(status().isOk());
        mvc.perform(signed(PATH, once, signature))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("already used")));

        // a marker after the refused pushes: once it is read, anything published before it would have been too
        String marker = items("SIGNED-MARKER");
        mvc.perform(signed(PATH, marker, sign(SECRET, now, PATH, marker))).andExpect(status().isOk());
        List<AvailableQuantityObserved> published = readAtLeast(Topics.AVAILABLE_QUANTITIES,
                AvailableQuantityObserved.class, q -> q.merchantId().equals("signed"), 1);
        while (published.stream().noneMatch(q -> q.sku().equals("SIGNED-MARKER"))) {
            published = readAtLeast(Topics.AVAILABLE_QUANTITIES, AvailableQuantityObserved.class,
                    q -> q.merchantId().equals("signed"), published.size() + 1);
        }
        assertThat(published).extracting(AvailableQuantityObserved::sku)
                .noneMatch(sku -> sku.startsWith("REFUSED-"))
                .containsOnlyOnce("SIGNED-ONCE");
    }

    @Test
    void aSignatureIsNotAKeyForAnotherMerchantsPath() throws Exception {
        automaticMerchant("elsewhere");
        String body = items("ELSEWHERE");
        String elsewhere = "/api/merchants/elsewhere/inventory";
        // signed with signed's secret but sent to elsewhere: elsewhere has no WMS secret, so nothing verifies it
        mvc.perform(signed(elsewhere, body, sign(SECRET, now(), elsewhere, body)))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        byte[] huge = new byte[3_000_001];
        mvc.perform(post(PATH).header(SignedPushFilter.HEADER, "t=" + now() + ",v1=" + "0".repeat(64))
                        .contentType(MediaType.APPLICATION_JSON).content(huge))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.errors[0].field").value("body"));
    }

    private void expectRefused(MockHttpServletRequestBuilder request, String reason) throws Exception {
        mvc.perform(request)
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.errors[0].field").value(SignedPushFilter.HEADER))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString(reason)))
                .andExpect(content().string(Matchers.not(Matchers.containsString(SECRET))));
    }

    private static MockHttpServletRequestBuilder signed(String pathAndQuery, String body, String signature) {
        return post(pathAndQuery).header(SignedPushFilter.HEADER, signature)
                .contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static String sign(String secret, long t, String pathAndQuery, String body) {
        return SignedPushFilter.sign(secret, t, "POST", pathAndQuery, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String items(String sku) {
        return "{\"warehouseId\":\"W\",\"items\":[{\"sku\":\"" + sku + "\",\"onHand\":3}]}";
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
