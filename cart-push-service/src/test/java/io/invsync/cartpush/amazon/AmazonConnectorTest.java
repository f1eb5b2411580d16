package io.invsync.cartpush.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

import io.invsync.cartpush.push.CartConnector.CatalogItem;
import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.cartpush.push.CartConnector.PushItem;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.cartpush.simulator.ConformsToVendorSpecs;
import io.invsync.cartpush.simulator.AmazonSimulator;
import io.invsync.cartpush.simulator.Loopback;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.PushOutcome;

@ExtendWith(ConformsToVendorSpecs.class)
class AmazonConnectorTest {

    private static final String TOKEN = "Atza|lwa-access-s3cr3t";
    private static final String SELLER = "A2SELLER";
    private static final String MARKETPLACE = "ATVPDKIKX0DER";

    private AmazonSimulator amazon = new AmazonSimulator(TOKEN, SELLER, MARKETPLACE, 1_000, 1_000);
    private AmazonConnector connector = new AmazonConnector(Duration.ZERO, Duration.ofSeconds(3), Loopback.ALLOWED);

    @AfterEach
    void closeAmazon() {
        amazon.close();
    }

    private CartSettingsChanged cart(String location) {
        return new CartSettingsChanged("amz-cart", "m1", CartType.AMAZON, amazon.url(), location, "AMZ", true, "ALL",
                "SKU", 0, Instant.now());
    }

    private CartSettingsChanged cart() {
        return cart(SELLER + "/" + MARKETPLACE);
    }

    private ItemResult push(PushItem item) {
        return connector.push(cart(), TOKEN, "b", List.of(item)).get(0);
    }

    @Test
    void readsExistenceProductTypeAndMerchantFulfilledQuantity() {
        amazon.listing("BAG-1", "LUGGAGE", 4L);
        amazon.amazonFulfilledListing("FBA-1", "SHOES");

        Map<String, CatalogItem> read = connector.readCatalog(cart(), TOKEN, List.of("BAG-1", "FBA-1", "NOPE")).stream()
                .collect(Collectors.toMap(CatalogItem::aliasValue, Function.identity()));

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
        amazon = new AmazonSimulator(TOKEN, SELLER, MARKETPLACE, 5, 5);
        connector = new AmazonConnector(Duration.ofMillis(200), Duration.ofSeconds(3), Loopback.ALLOWED);
        assertThat(connector.minimumCallInterval()).isEqualTo(Duration.ofMillis(200));
        for (int i = 0; i < 5; i++) {
            amazon.listing("S-" + i, "PRODUCT", 0L);
        }

        for (int i = 0; i < 5; i++) { // a lookup and a PATCH each: ten calls, twice the burst
            assertThat(push(new PushItem("S-" + i, "p", i + 1, null, null)).outcome()).isEqualTo(PushOutcome.PUSHED);
        }

        assertThat(amazon.calls()).isEqualTo(10);
        assertThat(amazon.throttled()).isZero();
    }

    @Test
    void makesQuotaExceededRetryable() {
        amazon.close();
        amazon = new AmazonSimulator(TOKEN, SELLER, MARKETPLACE, 5, 5);
        amazon.listing("S", "PRODUCT", 0L);

        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) { // unpaced: beyond the burst
                push(new PushItem("S", "p", i, "PRODUCT", null));
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
        AmazonConnector impatient = new AmazonConnector(Duration.ZERO, Duration.ofMillis(300), Loopback.ALLOWED);
        assertThatThrownBy(() -> impatient.push(cart(), TOKEN, "b", List.of(item)))
                .isInstanceOf(RetryableCartException.class).hasMessageContaining("did not answer within 300 ms");
        assertThat(push(item).outcome()).isEqualTo(PushOutcome.PUSHED);
    }

    @Test
    void rejectsPushesWhenTheLocationIsNotSellerSlashMarketplace() {
        amazon.listing("S", "PRODUCT", 0L);

        assertThat(connector.push(cart(SELLER), TOKEN, "b", List.of(new PushItem("S", "p", 1, "PRODUCT", 0L))))
                .singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
                    assertThat(r.reason()).contains("SELLER_ID/MARKETPLACE_ID");
                });
        assertThat(amazon.calls()).isZero();
    }

    @Test
    void neverPutsTheAccessTokenInAReasonOrAnError() {
        amazon.listing("S", "PRODUCT", 0L);
        String wrong = "Atza|wrong-s3cr3t";

        assertThat(connector.push(cart(), wrong, "b", List.of(new PushItem("S", "p", 1, "PRODUCT", 0L))))
                .singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
                    assertThat(r.reason()).contains("HTTP 403").doesNotContain(wrong);
                });
        assertThat(connector.push(cart(), wrong, "b", List.of(new PushItem("S", "p", 1, null, null))))
                .singleElement().satisfies(r -> assertThat(r.reason()).contains("HTTP 403").doesNotContain(wrong));
        assertThatThrownBy(() -> connector.readCatalog(cart(), wrong, List.of("S")))
                .hasMessageContaining("HTTP 403").satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
    }

    @Test
    void tenThousandChangedSkusTakeTenThousandPatchCalls() throws Exception {
        int skus = 10_000;
        amazon.close();
        amazon = new AmazonSimulator(TOKEN, SELLER, MARKETPLACE, 1e9, 1_000_000_000); // the count, not the pace
        for (int i = 0; i < skus; i++) {
            amazon.listing("M-" + i, "PRODUCT", 0L);
        }
        assertThat(connector.batchLimit()).isEqualTo(1);
        // as CartPusher batches: one item per push, the catalog already read; several carts' workers at once keep
        // the test short, the count is the same
        ExecutorService workers = Executors.newFixedThreadPool(16);
        List<PushOutcome> outcomes;
        try {
            List<Future<PushOutcome>> pushes = new ArrayList<>();
            for (int i = 0; i < skus; i++) {
                PushItem item = new PushItem("M-" + i, "p" + i, i % 50 + 1, "PRODUCT", 0L);
                pushes.add(workers.submit(() -> push(item).outcome()));
            }
            outcomes = new ArrayList<>();
            for (Future<PushOutcome> push : pushes) {
                outcomes.add(push.get());
            }
        } finally {
            workers.shutdownNow();
        }

        assertThat(outcomes).hasSize(skus).containsOnly(PushOutcome.PUSHED);

        System.out.printf("Amazon: %d changed SKUs -> %d calls (%d PATCH, %d GET)%n", skus, amazon.calls(),
                amazon.patches(), amazon.gets());
        assertThat(amazon.patches()).isEqualTo(10_000);
        assertThat(amazon.calls()).isEqualTo(10_000);
    }
}
