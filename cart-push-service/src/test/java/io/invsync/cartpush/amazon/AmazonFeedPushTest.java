package io.invsync.cartpush.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.invsync.cartpush.push.CallPacer;
import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.cartpush.push.CartConnector.PushItem;
import io.invsync.cartpush.push.Retrying;
import io.invsync.cartpush.push.TestCartHttp;
import io.invsync.simulator.AmazonSimulator;
import io.invsync.simulator.ConformsToVendorSpecs;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.PushOutcome;
import tools.jackson.databind.JsonNode;

/**
 * Large batches by JSON_LISTINGS_FEED: which batches go by feed, the feed calls, each SKU's outcome from the
 * processing report, and how a feed's wait leaves zeros and other carts alone. The feed check of the simulator
 * holds every uploaded document to Amazon's feed schemas (ConformsToVendorSpecs fails the test otherwise).
 */
@ExtendWith(ConformsToVendorSpecs.class)
class AmazonFeedPushTest {

    private static final String SELLER = "A2SELLER";
    private static final String MARKETPLACE = "ATVPDKIKX0DER";
    private static final int THRESHOLD = 5;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AmazonSimulator amazon = new AmazonSimulator("Atzr|feed-refresh", SELLER, MARKETPLACE, 1_000, 1_000);
    private final CallPacer pacer = new CallPacer();

    {
        amazon.feedProcessingTime(Duration.ofMillis(300));
    }

    @AfterEach
    void closeAmazon() {
        amazon.close();
    }

    private AmazonConnector connector(int feedThreshold, int feedMaxMessages, Duration feedTimeout) {
        return new AmazonConnector(new AmazonSettings(Duration.ZERO, Duration.ofSeconds(10), URI.create(amazon.url()),
                Duration.ofSeconds(60), feedThreshold, feedMaxMessages, Duration.ofMillis(20), feedTimeout), clock,
                pacer, TestCartHttp.allowingLoopback());
    }

    private AmazonConnector connector() {
        return connector(THRESHOLD, 10_000, Duration.ofMinutes(5));
    }

    private CartSettingsChanged cart(String cartId) {
        return new CartSettingsChanged(cartId, "m1", CartType.AMAZON, amazon.url(), SELLER + "/" + MARKETPLACE, "AMZ",
                true, "ALL", "SKU", 0, Instant.now());
    }

    /** {@code count} listings {@code prefix-i} of product type PRODUCT with quantity 1, pushed with quantity i+10. */
    private List<PushItem> listings(String prefix, int count) {
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            amazon.listing(prefix + i, "PRODUCT", 1L);
            items.add(new PushItem(prefix + i, "p" + i, i + 10, "PRODUCT", 1L));
        }
        return items;
    }

    private static Map<String, ItemResult> bySku(List<ItemResult> results) {
        return results.stream().collect(Collectors.toMap(ItemResult::aliasValue, Function.identity()));
    }

    @Test
    void aBatchAboveTheThresholdGoesByFeedAndEachSkuGetsItsOutcomeFromTheProcessingReport() {
        List<PushItem> items = listings("F-", 6);
        amazon.listing("BAG-1", "LUGGAGE", 1L);
        items.add(new PushItem("BAG-1", "bag", 4, "LUGGAGE", 1L));
        amazon.invalid("F-2", "The listing is suppressed for a pricing error.");
        amazon.deleteListing("F-4"); // gone since the catalog was read
        items.set(5, new PushItem("F-5", "p5", 15, "SHOES", 1L)); // a product type that is not the listing's

        Map<String, ItemResult> results = bySku(connector().push(cart("amz"), amazon.secret(), "b", items));

        assertThat(results).hasSize(7);
        assertThat(results.get("F-0").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(results.get("F-1").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(results.get("F-3").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(results.get("BAG-1").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(results.get("F-2").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get("F-2").reason()).contains("feed", "8541", "suppressed for a pricing error");
        assertThat(results.get("F-4").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get("F-4").reason()).contains("does not match any listing");
        assertThat(results.get("F-5").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get("F-5").reason()).contains("does not match the listing's product type PRODUCT");
        assertThat(amazon.quantity("F-0")).isEqualTo(10L);
        assertThat(amazon.quantity("BAG-1")).isEqualTo(4L);
        assertThat(amazon.quantity("F-2")).isEqualTo(1L);
        assertThat(amazon.exists("F-4")).as("no listing created").isFalse();

        assertThat(amazon.createFeedDocuments()).isEqualTo(1);
        assertThat(amazon.uploads()).isEqualTo(1);
        assertThat(amazon.createFeeds()).isEqualTo(1);
        assertThat(amazon.getFeeds()).isGreaterThanOrEqualTo(1);
        assertThat(amazon.getFeedDocuments()).isEqualTo(1);
        assertThat(amazon.reportDownloads()).isEqualTo(1);
        assertThat(amazon.patches()).isZero();
        assertThat(amazon.tokensSentToDocumentUrls()).isZero();
    }

    @Test
    void theUploadedFeedHasOnePatchMessagePerSkuSettingTheMerchantFulfilledQuantity() {
        List<PushItem> items = listings("F-", 6);

        connector().push(cart("amz"), amazon.secret(), "b", items);

        JsonNode feed = amazon.lastFeedDocument();
        assertThat(feed.path("header").path("sellerId").asString()).isEqualTo(SELLER);
        assertThat(feed.path("header").path("version").asString()).isEqualTo("2.0");
        assertThat(feed.path("messages")).hasSize(6);
        JsonNode first = feed.path("messages").path(0);
        assertThat(first.path("messageId").asInt()).isEqualTo(1);
        assertThat(first.path("sku").asString()).isEqualTo("F-0");
        assertThat(first.path("operationType").asString()).isEqualTo("PATCH");
        assertThat(first.path("productType").asString()).isEqualTo("PRODUCT");
        JsonNode patch = first.path("patches").path(0);
        assertThat(patch.path("op").asString()).isEqualTo("replace");
        assertThat(patch.path("path").asString()).isEqualTo("/attributes/fulfillment_availability");
        assertThat(patch.path("value").path(0).path("fulfillment_channel_code").asString()).isEqualTo("DEFAULT");
        assertThat(patch.path("value").path(0).path("quantity").asLong()).isEqualTo(10L);
        assertThat(amazon.specViolations().all()).isEmpty();
    }

    @Test
    void aBatchAtTheThresholdIsPatchedOneSkuACall() {
        List<PushItem> items = listings("P-", THRESHOLD);

        List<ItemResult> results = connector().push(cart("amz"), amazon.secret(), "b", items);

        assertThat(results).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        assertThat(amazon.patches()).isEqualTo(THRESHOLD);
        assertThat(amazon.createFeedDocuments()).isZero();
        assertThat(amazon.createFeeds()).isZero();
    }

    @Test
    void zerosInALargeBatchArePatchedAtOnceWithoutWaitingForTheFeed() {
        amazon.feedProcessingTime(Duration.ofSeconds(3));
        List<PushItem> items = listings("F-", 6);
        amazon.listing("Z-1", "PRODUCT", 5L);
        amazon.listing("Z-2", "PRODUCT", 5L);
        items.add(new PushItem("Z-1", "z1", 0, "PRODUCT", 5L));
        items.add(new PushItem("Z-2", "z2", -3, "PRODUCT", 5L)); // negative available is pushed as 0

        CompletableFuture<List<ItemResult>> push = CompletableFuture.supplyAsync(
                () -> connector().push(cart("amz"), amazon.secret(), "b", items));

        await().atMost(Duration.ofSeconds(2)).until(() -> amazon.quantity("Z-1") == 0 && amazon.quantity("Z-2") == 0);
        assertThat(push).as("the feed is still being processed").isNotDone();
        assertThat(amazon.quantity("F-0")).isEqualTo(1L);
        Map<String, ItemResult> results = bySku(await().atMost(Duration.ofSeconds(10)).until(() -> push.getNow(null),
                r -> r != null));
        assertThat(results.values()).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        assertThat(amazon.patchedSkus()).containsExactlyInAnyOrder("Z-1", "Z-2");
        assertThat(amazon.createFeeds()).isEqualTo(1);
        assertThat(amazon.lastFeedDocument().path("messages")).hasSize(6);
        assertThat(amazon.quantity("F-5")).isEqualTo(15L);
    }

    @Test
    void skusNotKnownFromTheCatalogAreLookedUpAndTheUnknownOnesNeverSent() {
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            amazon.listing("L-" + i, "PRODUCT", 1L);
            items.add(new PushItem("L-" + i, "p" + i, i + 10, null, null));
        }
        items.add(new PushItem("NOPE-1", "n1", 3, null, null));
        amazon.amazonFulfilledListing("FBA-1", "SHOES");
        items.add(new PushItem("FBA-1", "fba", 3, null, null));

        Map<String, ItemResult> results = bySku(connector().push(cart("amz"), amazon.secret(), "b", items));

        assertThat(results.get("NOPE-1").outcome()).isEqualTo(PushOutcome.NOT_IN_CART);
        assertThat(results.get("FBA-1").outcome()).isEqualTo(PushOutcome.TRACKING_DISABLED);
        assertThat(results.get("L-3").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(amazon.gets()).isEqualTo(8);
        assertThat(amazon.lastFeedDocument().path("messages")).hasSize(6);
        assertThat(amazon.lastFeedDocument().toString()).doesNotContain("NOPE-1", "FBA-1");
        assertThat(amazon.exists("NOPE-1")).isFalse();
        assertThat(amazon.offerOnlyListingsCreated()).isZero();
    }

    @Test
    void aBatchAboveTheMessagesOfOneFeedIsSplitIntoSeveralFeeds() {
        List<PushItem> items = listings("S-", 10);

        List<ItemResult> results = connector(2, 4, Duration.ofMinutes(5)).push(cart("amz"), amazon.secret(), "b",
                items);

        assertThat(results).hasSize(10).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        assertThat(amazon.createFeeds()).isEqualTo(3); // 4 + 4 + 2
        assertThat(amazon.uploads()).isEqualTo(3);
        assertThat(amazon.getFeedDocuments()).isEqualTo(3);
        assertThat(amazon.lastFeedDocument().path("messages")).hasSize(2);
        assertThat(amazon.quantity("S-9")).isEqualTo(19L);
    }

    @Test
    void aThrottledPollIsRetriedAndFollowsTheSameFeedRatherThanSubmittingAnother() {
        amazon.feedProcessingTime(Duration.ofSeconds(1));
        List<PushItem> items = listings("T-", 6);
        AmazonConnector connector = connector();
        Retrying retrying = new Retrying(pacer, 5, Duration.ofMillis(10), Duration.ofMillis(50));

        CompletableFuture<List<ItemResult>> push = CompletableFuture.supplyAsync(() -> retrying.call("amz",
                connector.minimumCallInterval(), () -> connector.push(cart("amz"), amazon.secret(), "b", items)));
        await().atMost(Duration.ofSeconds(5)).until(() -> amazon.createFeeds() == 1);
        amazon.throttleNext(2); // the next polls answer 429 QuotaExceeded

        List<ItemResult> results = await().atMost(Duration.ofSeconds(10)).until(() -> push.getNow(null), r -> r != null);
        assertThat(results).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        assertThat(amazon.throttled()).isEqualTo(2);
        assertThat(amazon.createFeedDocuments()).isEqualTo(1);
        assertThat(amazon.uploads()).isEqualTo(1);
        assertThat(amazon.createFeeds()).isEqualTo(1);
    }

    @Test
    void aFeedNotProcessedWithinTheTimeoutIsFailedNamingItAndIsNotSubmittedAgain() {
        amazon.feedProcessingTime(Duration.ofHours(2));
        List<PushItem> items = listings("W-", 6);
        AmazonConnector connector = connector(THRESHOLD, 10_000, Duration.ofMinutes(30));

        CompletableFuture<List<ItemResult>> push = CompletableFuture.supplyAsync(
                () -> connector.push(cart("amz"), amazon.secret(), "b", items));
        await().atMost(Duration.ofSeconds(5)).until(() -> amazon.getFeeds() >= 2);
        assertThat(push).isNotDone();
        clock.advance(Duration.ofMinutes(31));

        List<ItemResult> results = await().atMost(Duration.ofSeconds(5)).until(() -> push.getNow(null), r -> r != null);
        assertThat(results).hasSize(6).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(PushOutcome.FAILED);
            assertThat(r.reason()).contains("had not processed feed 5", "PT30M", "feed-timeout");
        });
        assertThat(amazon.createFeeds()).isEqualTo(1);
        assertThat(amazon.getFeedDocuments()).isZero();
    }

    @Test
    void readsAGzipCompressedProcessingReport() {
        amazon.compressReports(true);
        List<PushItem> items = listings("G-", 6);
        amazon.invalid("G-1", "Quantity cannot be set for this offer.");

        Map<String, ItemResult> results = bySku(connector().push(cart("amz"), amazon.secret(), "b", items));

        assertThat(results.get("G-0").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(results.get("G-1").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get("G-1").reason()).contains("Quantity cannot be set for this offer.");
    }

    @Test
    void aFeedWaitingToBeProcessedHoldsUpNoOtherCartOfTheSameSeller() {
        amazon.feedProcessingTime(Duration.ofSeconds(3));
        List<PushItem> large = listings("A-", 6);
        List<PushItem> small = listings("B-", 2);
        AmazonConnector connector = connector();

        CompletableFuture<List<ItemResult>> feed = CompletableFuture.supplyAsync(
                () -> connector.push(cart("amz-us-1"), amazon.secret(), "feed", large));
        await().atMost(Duration.ofSeconds(5)).until(() -> amazon.createFeeds() == 1);
        List<ItemResult> patched = connector.push(cart("amz-us-2"), amazon.secret(), "patch", small);

        assertThat(patched).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        assertThat(feed).as("the other cart's feed is still being processed").isNotDone();
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> feed.getNow(null), r -> r != null))
                .extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
    }

    @Test
    void tenThousandChangedSkusInOneBatchTakeOneFeed() {
        int skus = 10_000;
        List<PushItem> items = listings("M-", skus);

        List<ItemResult> results = connector(1_500, 10_000, Duration.ofMinutes(5)).push(cart("amz"), amazon.secret(),
                "b", items);

        assertThat(results).hasSize(skus).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        System.out.printf("Amazon by feed: %d changed SKUs -> %d SP-API calls (createFeedDocument %d, createFeed %d, "
                + "getFeed %d, getFeedDocument %d), %d upload, %d report download, %d token exchange(s)%n", skus,
                amazon.calls(), amazon.createFeedDocuments(), amazon.createFeeds(), amazon.getFeeds(),
                amazon.getFeedDocuments(), amazon.uploads(), amazon.reportDownloads(), amazon.exchanges());
        assertThat(amazon.patches()).isZero();
        assertThat(amazon.createFeeds()).isEqualTo(1);
        assertThat(amazon.calls()).isEqualTo(3 + amazon.getFeeds());
        assertThat(amazon.uploads()).isEqualTo(1);
        assertThat(amazon.reportDownloads()).isEqualTo(1);
        assertThat(amazon.exchanges()).isEqualTo(1);
        assertThat(amazon.quantity("M-9999")).isEqualTo(10_009L);
    }
}
