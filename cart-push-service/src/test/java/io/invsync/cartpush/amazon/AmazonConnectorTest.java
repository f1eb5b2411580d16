package io.invsync.cartpush.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.invsync.cartpush.push.CallPacer;
import io.invsync.cartpush.push.CartConnector.CatalogItem;
import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.cartpush.push.CartConnector.PushItem;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.cartpush.push.TestCartHttp;
import io.invsync.simulator.AmazonSimulator;
import io.invsync.simulator.ConformsToVendorSpecs;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.PushOutcome;

/** The Listings Items side of the connector (lookups and PATCH) and its Login with Amazon tokens. */
@ExtendWith(ConformsToVendorSpecs.class)
class AmazonConnectorTest {

    private static final String REFRESH_TOKEN = "Atzr|lwa-refresh-s3cr3t";
    private static final String SELLER = "A2SELLER";
    private static final String MARKETPLACE = "ATVPDKIKX0DER";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private AmazonSimulator amazon = new AmazonSimulator(REFRESH_TOKEN, SELLER, MARKETPLACE, 1_000, 1_000);
    private AmazonConnector connector = connector(Duration.ZERO, Duration.ofSeconds(3));

    @AfterEach
    void closeAmazon() {
        amazon.close();
    }

    private AmazonConnector connector(Duration minimumCallInterval, Duration timeout) {
        return new AmazonConnector(new AmazonSettings(minimumCallInterval, timeout, URI.create(amazon.url()),
                Duration.ofSeconds(60), 1_500, 10_000, Duration.ofMillis(20), Duration.ofMinutes(5)), clock,
                new CallPacer(), TestCartHttp.allowingLoopback());
    }

    private CartSettingsChanged cart(String location) {
        return new CartSettingsChanged("amz-cart", "m1", CartType.AMAZON, amazon.url(), location, "AMZ", true, "ALL",
                "SKU", 0, Instant.now());
    }

    private CartSettingsChanged cart() {
        return cart(SELLER + "/" + MARKETPLACE);
    }

    private ItemResult push(PushItem item) {
        return connector.push(cart(), amazon.secret(), "b", List.of(item)).get(0);
    }

    @Test
    void readsExistenceProductTypeAndMerchantFulfilledQuantity() {
        amazon.listing("BAG-1", "LUGGAGE", 4L);
        amazon.amazonFulfilledListing("FBA-1", "SHOES");

        Map<String, CatalogItem> read = connector.readCatalog(cart(), amazon.secret(), List.of("BAG-1", "FBA-1", "NOPE"))
                .stream().collect(Collectors.toMap(CatalogItem::aliasValue, Function.identity()));

        assertThat(read.get("BAG-1")).isEqualTo(new CatalogItem("BAG-1", true, true, "LUGGAGE", 4L));
        assertThat(read.get("FBA-1").exists()).isTrue();
        assertThat(read.get("FBA-1").inventoryTracked()).isFalse();
        assertThat(read.get("NOPE").exists()).isFalse();
        assertThat(amazon.gets()).isEqualTo(3);
    }

    @Test
    void patchesOneSkuWithItsProductTypeAndReportsAcceptedAsPushed() {
        amazon.listing("BAG 1/blue", "LUGGAGE", 4L);

        ItemResult result = push(new PushItem("BAG 1/blue", "p1", 9, "LUGGAGE", 4L));

        assertThat(result.outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(amazon.quantity("BAG 1/blue")).isEqualTo(9L);
        assertThat(amazon.patches()).isEqualTo(1);
        assertThat(amazon.gets()).isZero();
    }

    @Test
    void neverPatchesASkuWhoseListingItHasNotSeenBecauseAmazonWouldCreateAnOfferOnlyListing() {
        amazon.listing("BAG-1", "LUGGAGE", 4L);
        amazon.amazonFulfilledListing("FBA-1", "SHOES");

        ItemResult unknown = push(new PushItem("NOPE", "p1", 3, null, null));
        ItemResult fba = push(new PushItem("FBA-1", "p2", 3, null, null));
        ItemResult known = push(new PushItem("BAG-1", "p3", 3, null, null));

        assertThat(unknown.outcome()).isEqualTo(PushOutcome.NOT_IN_CART);
        assertThat(unknown.reason()).contains(MARKETPLACE);
        assertThat(fba.outcome()).isEqualTo(PushOutcome.TRACKING_DISABLED);
        assertThat(known.outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(amazon.exists("NOPE")).isFalse();
        assertThat(amazon.offerOnlyListingsCreated()).isZero();
        assertThat(amazon.patches()).isEqualTo(1);
        assertThat(amazon.quantity("BAG-1")).isEqualTo(3L);
    }

    @Test
    void rejectsAnInvalidSubmissionWithItsIssuesAlthoughAmazonAnswers200() {
        amazon.listing("BAG-1", "LUGGAGE", 4L);
        amazon.listing("BAG-2", "LUGGAGE", 4L);
        amazon.invalid("BAG-1", "The listing is suppressed for a pricing error.");

        ItemResult refused = push(new PushItem("BAG-1", "p1", 9, "LUGGAGE", 4L));
        ItemResult staleType = push(new PushItem("BAG-2", "p2", 9, "SHOES", 4L));

        assertThat(refused.outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(refused.reason()).contains("INVALID", "8541", "The listing is suppressed for a pricing error.");
        assertThat(staleType.outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(staleType.reason()).contains("does not match the listing's product type LUGGAGE");
        assertThat(amazon.quantity("BAG-1")).isEqualTo(4L);
        assertThat(amazon.quantity("BAG-2")).isEqualTo(4L);
    }

    @Test
    void staysUnderFiveRequestsASecondBySpacingCallsTwoHundredMillisecondsApart() {
        amazon.close();
        amazon = new AmazonSimulator(REFRESH_TOKEN, SELLER, MARKETPLACE, 5, 5);
        connector = connector(Duration.ofMillis(200), Duration.ofSeconds(3));
        assertThat(connector.minimumCallInterval()).isEqualTo(Duration.ofMillis(200));
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            amazon.listing("S-" + i, "PRODUCT", 0L);
            items.add(new PushItem("S-" + i, "p", i + 1, null, null));
        }

        // a lookup and a PATCH each: ten calls in one batch, twice the burst
        assertThat(connector.push(cart(), amazon.secret(), "b", items)).extracting(ItemResult::outcome)
                .containsOnly(PushOutcome.PUSHED);

        assertThat(amazon.calls()).isEqualTo(10);
        assertThat(amazon.throttled()).isZero();
    }

    @Test
    void makesQuotaExceededRetryable() {
        amazon.close();
        amazon = new AmazonSimulator(REFRESH_TOKEN, SELLER, MARKETPLACE, 5, 5);
        connector = connector(Duration.ZERO, Duration.ofSeconds(3));
        amazon.listing("S", "PRODUCT", 0L);

        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) { // unpaced: beyond the burst
                connector.push(cart(), amazon.secret(), "b" + i, List.of(new PushItem("S", "p", i + 1, "PRODUCT", null)));
            }
        }).isInstanceOf(RetryableCartException.class).hasMessageContaining("429").hasMessageContaining("QuotaExceeded");
        assertThat(amazon.throttled()).isEqualTo(1);
    }

    @Test
    void makesServerErrorsAndTimeoutsRetryable() {
        amazon.listing("S", "PRODUCT", 0L);
        PushItem item = new PushItem("S", "p", 1, "PRODUCT", 0L);

        amazon.failNext(1);
        assertThatThrownBy(() -> push(item)).isInstanceOf(RetryableCartException.class).hasMessageContaining("HTTP 503");
        amazon.hangNext(1);
        AmazonConnector impatient = connector(Duration.ZERO, Duration.ofMillis(300));
        assertThatThrownBy(() -> impatient.push(cart(), amazon.secret(), "b", List.of(item)))
                .isInstanceOf(RetryableCartException.class).hasMessageContaining("did not answer within 300 ms");
        assertThat(push(item).outcome()).isEqualTo(PushOutcome.PUSHED);
    }

    @Test
    void aBatchTriedAgainUnderItsBatchIdResumesWhereItStoppedAndPatchesNoSkuTwice() {
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            amazon.listing("R-" + i, "PRODUCT", 0L);
            items.add(new PushItem("R-" + i, "p", i + 1, "PRODUCT", 0L));
        }
        amazon.failPatchesOf("R-2", 1); // the third call of the batch answers 503

        assertThatThrownBy(() -> connector.push(cart(), amazon.secret(), "batch", items))
                .isInstanceOf(RetryableCartException.class).hasMessageContaining("HTTP 503");
        List<ItemResult> retried = connector.push(cart(), amazon.secret(), "batch", items);

        assertThat(retried).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        assertThat(amazon.patches()).isEqualTo(5); // each SKU once: were not sent again
        assertThat(amazon.calls()).isEqualTo(6); // and the one that failed
        assertThat(amazon.quantity("R-4")).isEqualTo(5L);
    }

    @Test
    void rejectsPushesWhenTheLocationIsNotSellerSlashMarketplace() {
        amazon.listing("S", "PRODUCT", 0L);

        assertThat(connector.push(cart(SELLER), amazon.secret(), "b", List.of(new PushItem("S", "p", 1, "PRODUCT", 0L))))
                .singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
                    assertThat(r.reason()).contains("SELLER_ID/MARKETPLACE_ID");
                });
        assertThat(amazon.calls()).isZero();
        assertThat(amazon.exchanges()).isZero();
    }

    // ---- Login with Amazon

    @Test
    void exchangesTheRefreshTokenOnceAndReusesTheAccessTokenAcrossBatches() {
        amazon.listing("S", "PRODUCT", 0L);

        for (int i = 1; i <= 3; i++) {
            assertThat(connector.push(cart(), amazon.secret(), "b" + i, List.of(new PushItem("S", "p", i, "PRODUCT",
                    null)))).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        }
        connector.readCatalog(cart(), amazon.secret(), List.of("S"));

        assertThat(amazon.exchanges()).isEqualTo(1);
        assertThat(amazon.calls()).isEqualTo(4);
        assertThat(amazon.refusedTokens()).isZero();
    }

    @Test
    void replacesTheAccessTokenAMinuteBeforeItExpires() {
        amazon.listing("S", "PRODUCT", 0L);
        connector.push(cart(), amazon.secret(), "b1", List.of(new PushItem("S", "p", 1, "PRODUCT", null)));

        clock.advance(Duration.ofSeconds(3_600 - 61));
        connector.push(cart(), amazon.secret(), "b2", List.of(new PushItem("S", "p", 2, "PRODUCT", null)));
        assertThat(amazon.exchanges()).as("59 min 59 s before expiry: the same token").isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        connector.push(cart(), amazon.secret(), "b3", List.of(new PushItem("S", "p", 3, "PRODUCT", null)));

        assertThat(amazon.exchanges()).as("within a minute of expiry: a new token").isEqualTo(2);
        assertThat(amazon.refusedTokens()).isZero();
        assertThat(amazon.quantity("S")).isEqualTo(3L);
    }

    @Test
    void getsANewTokenOnceWhenAmazonRefusesTheCachedOneAndMakesTheCallAgain() {
        amazon.listing("S", "PRODUCT", 0L);
        connector.push(cart(), amazon.secret(), "b1", List.of(new PushItem("S", "p", 1, "PRODUCT", null)));
        amazon.advanceTime(Duration.ofHours(2)); // Amazon's clock: the cached token expired; invsync's has not moved

        ItemResult result = connector.push(cart(), amazon.secret(), "b2", List.of(new PushItem("S", "p", 7, "PRODUCT",
                null))).get(0);

        assertThat(result.outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(amazon.quantity("S")).isEqualTo(7L);
        assertThat(amazon.refusedTokens()).isEqualTo(1);
        assertThat(amazon.exchanges()).isEqualTo(2);
    }

    @Test
    void renewsARefusedTokenOnlyOnceAndThenRejectsWithoutTheToken() {
        amazon.listing("S", "PRODUCT", 0L);
        amazon.denyAccess(true); // every token is refused, the new one too

        ItemResult result = connector.push(cart(), amazon.secret(), "b", List.of(new PushItem("S", "p", 1, "PRODUCT",
                null))).get(0);

        assertThat(result.outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(result.reason()).contains("HTTP 403", "Unauthorized", "credentialsRef").doesNotContain("Atza|");
        assertThat(amazon.exchanges()).isEqualTo(2);
        assertThat(amazon.refusedTokens()).isEqualTo(2);
        assertThat(amazon.patches()).isZero();
    }

    @Test
    void aRefreshTokenLoginWithAmazonRefusesRejectsTheBatchSayingWhyWithoutAnyCredential() {
        amazon.listing("S", "PRODUCT", 0L);
        String revoked = "Atzr|revoked-r3fresh-token";

        List<ItemResult> results = connector.push(cart(), AmazonSimulator.secret(revoked), "b",
                List.of(new PushItem("S", "p", 1, "PRODUCT", null), new PushItem("T", "p", 2, null, null)));

        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
            assertThat(r.reason()).contains("Login with Amazon refused", "HTTP 400", "invalid_grant", "'AMZ'")
                    .doesNotContain(revoked, AmazonSimulator.CLIENT_SECRET);
        });
        assertThat(amazon.calls()).isZero();
        assertThatThrownBy(() -> connector.readCatalog(cart(), AmazonSimulator.secret(revoked), List.of("S")))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(RetryableCartException.class)
                .hasMessageContaining("invalid_grant")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(revoked, AmazonSimulator.CLIENT_SECRET));
    }

    @Test
    void aSecretThatIsNotLoginWithAmazonCredentialsIsRejectedNamingTheFaultNotTheValue() {
        String accessToken = "Atza|a-static-access-t0ken";
        String noClientSecret = "{\"refreshToken\":\"" + REFRESH_TOKEN + "\",\"clientId\":\"" + AmazonSimulator.CLIENT_ID
                + "\"}";

        ItemResult notJson = connector.push(cart(), accessToken, "b1", List.of(new PushItem("S", "p", 1, "P", null)))
                .get(0);
        ItemResult missing = connector.push(cart(), noClientSecret, "b2", List.of(new PushItem("S", "p", 1, "P", null)))
                .get(0);

        assertThat(notJson.outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(notJson.reason()).contains("credentialsRef 'AMZ'", "refreshToken", "not JSON")
                .doesNotContain(accessToken);
        assertThat(missing.outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(missing.reason()).contains("field 'clientSecret' is missing").doesNotContain(REFRESH_TOKEN);
        assertThat(amazon.exchanges()).isZero();
        assertThat(amazon.calls()).isZero();
    }

    @Test
    void neverPutsAnyCredentialInAReasonOrAnError() {
        amazon.listing("S", "PRODUCT", 0L);
        CartSettingsChanged otherSeller = cart("A9OTHER/" + MARKETPLACE); // Amazon refuses the seller: 403

        assertThat(connector.push(otherSeller, amazon.secret(), "b", List.of(new PushItem("S", "p", 1, "PRODUCT", 0L))))
                .singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
                    assertThat(r.reason()).contains("HTTP 403")
                            .doesNotContain("Atza|", REFRESH_TOKEN, AmazonSimulator.CLIENT_SECRET);
                });
        assertThat(connector.push(otherSeller, amazon.secret(), "b", List.of(new PushItem("S", "p", 1, null, null))))
                .singleElement().satisfies(r -> assertThat(r.reason()).contains("HTTP 403")
                        .doesNotContain("Atza|", REFRESH_TOKEN, AmazonSimulator.CLIENT_SECRET));
        assertThatThrownBy(() -> connector.readCatalog(otherSeller, amazon.secret(), List.of("S")))
                .hasMessageContaining("HTTP 403").satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("Atza|", REFRESH_TOKEN, AmazonSimulator.CLIENT_SECRET));
    }

    // ---- what 10,000 changed SKUs cost, one PATCH each

    @Test
    void tenThousandChangedSkusInBatchesAtTheThresholdTakeTenThousandPatchCalls() throws Exception {
        int skus = 10_000;
        int threshold = 1_500;
        amazon.close();
        amazon = new AmazonSimulator(REFRESH_TOKEN, SELLER, MARKETPLACE, 1e9, 1_000_000_000); // the count, not the pace
        connector = connector(Duration.ZERO, Duration.ofSeconds(10));
        List<List<PushItem>> batches = new ArrayList<>();
        for (int i = 0; i < skus; i++) {
            amazon.listing("M-" + i, "PRODUCT", 0L);
            if (i % threshold == 0) {
                batches.add(new ArrayList<>());
            }
            batches.get(batches.size() - 1).add(new PushItem("M-" + i, "p" + i, i % 50 + 1, "PRODUCT", 0L));
        }
        assertThat(connector.batchLimit()).isEqualTo(10_000);
        // batches of at most the threshold, the catalog already read; several at once keep the test short (the count
        // is the same as one after the other)
        ExecutorService workers = Executors.newFixedThreadPool(batches.size());
        List<PushOutcome> outcomes = new ArrayList<>();
        try {
            List<Future<List<ItemResult>>> pushes = new ArrayList<>();
            for (int b = 0; b < batches.size(); b++) {
                List<PushItem> batch = batches.get(b);
                String batchId = "batch-" + b;
                pushes.add(workers.submit(() -> connector.push(cart(), amazon.secret(), batchId, batch)));
            }
            for (Future<List<ItemResult>> push : pushes) {
                push.get().forEach(result -> outcomes.add(result.outcome()));
            }
        } finally {
            workers.shutdownNow();
        }

        assertThat(outcomes).hasSize(skus).containsOnly(PushOutcome.PUSHED);
        System.out.printf("Amazon by PATCH: %d changed SKUs in %d batches -> %d SP-API calls (%d PATCH, %d GET), "
                + "%d token exchange(s)%n", skus, batches.size(), amazon.calls(), amazon.patches(), amazon.gets(),
                amazon.exchanges());
        assertThat(amazon.patches()).isEqualTo(10_000);
        assertThat(amazon.calls()).isEqualTo(10_000);
        assertThat(amazon.createFeeds()).isZero();
        assertThat(amazon.exchanges()).isEqualTo(1); // the batches racing for the first token wait for one exchange
    }
}
