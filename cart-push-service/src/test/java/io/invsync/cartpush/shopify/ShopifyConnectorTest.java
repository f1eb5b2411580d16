package io.invsync.cartpush.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.invsync.cartpush.push.CartConnector.CatalogItem;
import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.cartpush.push.CartConnector.PushItem;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.cartpush.push.Ticker;
import io.invsync.simulator.ConformsToVendorSpecs;
import io.invsync.simulator.ShopifySimulator;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.PushOutcome;

@ExtendWith(ConformsToVendorSpecs.class)
class ShopifyConnectorTest {

    private static final String OTHER_LOCATION = "gid://shopify/Location/2";

    private final ShopifySimulator shop = new ShopifySimulator(Shops.TOKEN);
    private final ShopifyConnector connector = Shops.connector(Ticker.SYSTEM);
    private final CartSettingsChanged cart = Shops.cart(shop);

    @BeforeEach
    void fastBucket() {
        shop.bucket(1000, 20_000); // the standard plan's size, restoring fast enough that tests do not wait
    }

    @AfterEach
    void close() {
        shop.close();
    }

    /** An item as the pusher passes it after a catalog read: the cart's reference and quantity known. */
    private PushItem read(String sku, long quantity) {
        return new PushItem(sku, "P-" + sku, quantity, shop.inventoryItemId(sku), shop.available(sku));
    }

    private static PushItem unread(String sku, long quantity) {
        return new PushItem(sku, "P-" + sku, quantity, null, null);
    }

    private List<ItemResult> push(String batchId, PushItem... items) {
        return connector.push(cart, Shops.TOKEN, batchId, List.of(items));
    }

    private static ItemResult result(List<ItemResult> results, String sku) {
        return results.stream().filter(r -> r.aliasValue().equals(sku)).findFirst().orElseThrow();
    }

    @Test
    void splitsSixHundredQuantitiesIntoThreeCallsOfAtMost250() {
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String sku = String.format("S-%04d", i);
            shop.addVariant(sku, 0);
            items.add(read(sku, i % 7 + 1));
        }

        List<ItemResult> results = connector.push(cart, Shops.TOKEN, "batch-600", items);

        assertThat(results).hasSize(600).allMatch(r -> r.outcome() == PushOutcome.PUSHED);
        assertThat(shop.mutations()).isEqualTo(3);
        assertThat(shop.searches()).isZero();
        assertThat(shop.available("S-0000")).isEqualTo(1);
        assertThat(shop.available("S-0599")).isEqualTo(599 % 7 + 1);
    }

    @Test
    void matchesSkusExactlyThoughShopifysSearchAlsoFindsLongerOnes() {
        String a1 = shop.addVariant("A-1", 3);
        shop.addVariant("A-10", 4);
        shop.addVariant("a-1-blue", 5);

        List<CatalogItem> catalog = connector.readCatalog(cart, Shops.TOKEN, List.of("A-1", "A-"));
        List<ItemResult> results = push("b1", unread("A-1", 9));

        assertThat(catalog).containsExactly(new CatalogItem("A-1", true, true, a1, 3L),
                new CatalogItem("A-", false, false, null, null));
        assertThat(results).containsExactly(new ItemResult("A-1", PushOutcome.PUSHED, null));
        assertThat(shop.available("A-1")).isEqualTo(9);
        assertThat(shop.available("A-10")).isEqualTo(4);
        assertThat(shop.writes("A-10")).isZero();
        assertThat(shop.writes("a-1-blue")).isZero();
    }

    @Test
    void refusesAQuantityAboveShopifysBillionAndSetsOneAtIt() {
        shop.addVariant("BIG-1", 0);
        shop.addVariant("BIG-2", 0);

        List<ItemResult> results = push("b1", read("BIG-1", 1_000_000_001L), read("BIG-2", 1_000_000_000L));

        assertThat(result(results, "BIG-1").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(result(results, "BIG-1").reason()).contains("1,000,000,000", "INVALID_QUANTITY_TOO_HIGH");
        assertThat(result(results, "BIG-2").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(shop.writes("BIG-1")).isZero();
        assertThat(shop.available("BIG-2")).isEqualTo(1_000_000_000L);
    }

    @Test
    void reportsAnUntrackedItemAsTrackingDisabledAndNeverWritesIt() {
        shop.addVariant("U-1", false, Map.of(ShopifySimulator.LOCATION, 2L));

        List<CatalogItem> catalog = connector.readCatalog(cart, Shops.TOKEN, List.of("U-1"));
        List<ItemResult> results = push("b1", unread("U-1", 8));

        assertThat(catalog.get(0).exists()).isTrue();
        assertThat(catalog.get(0).inventoryTracked()).isFalse();
        assertThat(results.get(0).outcome()).isEqualTo(PushOutcome.TRACKING_DISABLED);
        assertThat(results.get(0).reason()).contains("tracking is off").contains("U-1");
        assertThat(shop.writes("U-1")).isZero();
        assertThat(shop.mutations()).isZero();
        assertThat(shop.available("U-1")).isEqualTo(2);
    }

    @Test
    void reportsAnUnknownSkuAsNotInCart() {
        shop.addVariant("K-1", 1);

        List<ItemResult> results = push("b1", unread("NOPE-1", 4), unread("K-1", 2));
        List<CatalogItem> catalog = connector.readCatalog(cart, Shops.TOKEN, List.of("NOPE-1"));

        assertThat(result(results, "NOPE-1").outcome()).isEqualTo(PushOutcome.NOT_IN_CART);
        assertThat(result(results, "NOPE-1").reason()).contains("no product variant with SKU 'NOPE-1'");
        assertThat(result(results, "K-1").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(catalog).containsExactly(new CatalogItem("NOPE-1", false, false, null, null));
    }

    @Test
    void readsAgainAndLandsTheDesiredQuantityWhenShopifysChangedMeanwhile() {
        shop.addVariant("B-1", 5);
        shop.addVariant("B-2", 5);
        PushItem b1 = read("B-1", 3);
        PushItem b2 = read("B-2", 6);
        shop.setAvailable("B-1", 8); // sold or recounted in Shopify after invsync's catalog read

        List<ItemResult> results = push("b1", b1, b2);

        assertThat(results).containsExactly(new ItemResult("B-1", PushOutcome.PUSHED, null),
                new ItemResult("B-2", PushOutcome.PUSHED, null));
        assertThat(shop.available("B-1")).isEqualTo(3);
        assertThat(shop.available("B-2")).isEqualTo(6);
        assertThat(shop.mutations()).isEqualTo(2); // stale, then with the quantity read again
        assertThat(shop.searches()).isEqualTo(1);
    }

    @Test
    void givesUpOnAnItemWhoseQuantityKeepsChangingAndStillPushesTheRest() {
        shop.addVariant("B-1", 5);
        shop.addVariant("B-2", 5);
        PushItem b1 = read("B-1", 3);
        PushItem b2 = read("B-2", 6);
        shop.keepChanging("B-1");

        List<ItemResult> results = push("b1", b1, b2);

        assertThat(result(results, "B-1").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(result(results, "B-1").reason()).contains("kept changing").contains("CHANGE_FROM_QUANTITY_STALE");
        assertThat(shop.writes("B-1")).isZero();
        assertThat(result(results, "B-2").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(shop.available("B-2")).isEqualTo(6);
        assertThat(shop.searches()).isEqualTo(3);
    }

    @Test
    void turnsAThrottledAnswerIntoARetryWhenTheBucketHoldsTheCallsCost() {
        Shops.VirtualTime time = new Shops.VirtualTime();
        try (ShopifySimulator slowShop = new ShopifySimulator(Shops.TOKEN, 0, time::nanoTime)) {
            slowShop.addVariant("T-1", 1);
            slowShop.setCurrentlyAvailable(0); // spent by another call of the same app
            ShopifyConnector connector = Shops.connector(time);

            RetryableCartException thrown = catchThrowableOfType(RetryableCartException.class,
                    () -> connector.push(Shops.cart(slowShop), Shops.TOKEN, "b1", List.of(unread("T-1", 4))));

            // the search asks for 2 + 4 x 125 points; the bucket has none and restores 50 a second
            assertThat(thrown.getMessage()).contains("THROTTLED").contains("502 points").contains("restoring 50/s");
            assertThat(thrown.retryAfter()).isEqualTo(Duration.ofMillis(10_040));
            assertThat(slowShop.throttledAnswers()).isEqualTo(1);
            assertThat(slowShop.writes("T-1")).isZero();
        }
    }

    @Test
    void landsTheQuantityThroughRetryingAfterBeingThrottled() {
        Shops.VirtualTime time = new Shops.VirtualTime();
        try (ShopifySimulator slowShop = new ShopifySimulator(Shops.TOKEN, 0, time::nanoTime)) {
            slowShop.bucket(1000, 1_000);
            String ref = slowShop.addVariant("T-1", 1);
            slowShop.setCurrentlyAvailable(0);
            ShopifyConnector connector = Shops.connector(time);
            CartSettingsChanged slowCart = Shops.cart(slowShop);
            PushItem item = new PushItem("T-1", "P-T-1", 4, ref, 1L);

            List<ItemResult> results = Shops.retrying(5, Duration.ofMillis(10)).call(slowCart.cartId(),
                    connector.minimumCallInterval(), () -> connector.push(slowCart, Shops.TOKEN, "b1", List.of(item)));

            assertThat(results).containsExactly(new ItemResult("T-1", PushOutcome.PUSHED, null));
            assertThat(slowShop.available("T-1")).isEqualTo(4);
            assertThat(slowShop.throttledAnswers()).isEqualTo(1); // then it waited for the points it lacked
            assertThat(slowShop.writes("T-1")).isEqualTo(1);
            assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(11)); // 11 points at 1000/s
        }
    }

    @Test
    void takesAnHttp429WithItsRetryAfterAsARetry() {
        shop.addVariant("T-1", 1);
        PushItem item = read("T-1", 4);
        shop.bucket(1000, 50);
        shop.setCurrentlyAvailable(0);
        shop.throttleWith429(true);

        RetryableCartException thrown = catchThrowableOfType(RetryableCartException.class, () -> push("b1", item));

        assertThat(thrown.getMessage()).contains("429");
        assertThat(thrown.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void takesAServerErrorAsARetry() {
        shop.addVariant("T-1", 1);
        shop.failNext(1);

        assertThatThrownBy(() -> push("b1", read("T-1", 4)))
                .isInstanceOf(RetryableCartException.class).hasMessageContaining("HTTP 500");
        assertThat(push("b1", read("T-1", 4))).extracting(ItemResult::outcome).containsExactly(PushOutcome.PUSHED);
    }

    @Test
    void pacesItsCallsByTheBucketShopifyReportsSoItIsNeverThrottled() {
        shop.bucket(300, 5_000); // one 250-quantity call (260 points) nearly empties it
        List<List<PushItem>> batches = new ArrayList<>();
        for (int b = 0; b < 5; b++) {
            List<PushItem> batch = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                String sku = "P-" + b + "-" + i;
                shop.addVariant(sku, 0);
                batch.add(read(sku, 1));
            }
            batches.add(batch);
        }

        for (int b = 0; b < batches.size(); b++) {
            assertThat(connector.push(cart, Shops.TOKEN, "b" + b, batches.get(b)))
                    .allMatch(r -> r.outcome() == PushOutcome.PUSHED);
        }

        assertThat(shop.mutations()).isEqualTo(5);
        assertThat(shop.throttledAnswers()).isZero();
    }

    @Test
    void replaysABatchWhoseAnswerWasLostWithoutApplyingItAgain() {
        shop.addVariant("C-1", 5);
        PushItem item = read("C-1", 7);
        shop.loseNextAnswers(1);

        assertThatThrownBy(() -> push("batch-1", item)).isInstanceOf(RetryableCartException.class);
        shop.setAvailable("C-1", 6); // a sale in Shopify between the lost answer and the retry
        List<ItemResult> retried = push("batch-1", item);

        assertThat(retried).containsExactly(new ItemResult("C-1", PushOutcome.PUSHED, null));
        assertThat(shop.replayedAnswers()).isEqualTo(1);
        assertThat(shop.writes("C-1")).isEqualTo(1);
        assertThat(shop.available("C-1")).isEqualTo(6); // the 7 was not written over the sale a second time
    }

    @Test
    void usesANewIdempotencyKeyWhenARetrySendsOtherVariables() {
        shop.addVariant("C-1", 5);
        PushItem item = unread("C-1", 7); // looked up each time: the retry sees 7 and compares against it
        shop.loseNextAnswers(1);

        assertThatThrownBy(() -> push("batch-1", item)).isInstanceOf(RetryableCartException.class);
        List<ItemResult> retried = push("batch-1", item);

        assertThat(retried).containsExactly(new ItemResult("C-1", PushOutcome.PUSHED, null));
        assertThat(shop.replayedAnswers()).isZero();
        assertThat(shop.available("C-1")).isEqualTo(7);
    }

    @Test
    void rejectsAnItemNotStockedAtTheCartsLocationWithAClearReason() {
        String n1 = shop.addVariant("N-1", true, Map.of(OTHER_LOCATION, 4L));
        shop.addVariant("N-2", 4);
        shop.addVariant("N-3", 4);
        PushItem n2 = read("N-2", 9);
        PushItem n3 = read("N-3", 2);
        shop.unstock("N-2", ShopifySimulator.LOCATION); // stocked when read, not any more

        List<CatalogItem> catalog = connector.readCatalog(cart, Shops.TOKEN, List.of("N-1"));
        List<ItemResult> results = push("b1", new PushItem("N-1", "P-N-1", 9, n1, null), n2, n3);

        assertThat(catalog).containsExactly(new CatalogItem("N-1", true, true, n1, null));
        for (String sku : List.of("N-1", "N-2")) {
            assertThat(result(results, sku).outcome()).isEqualTo(PushOutcome.REJECTED);
            assertThat(result(results, sku).reason()).startsWith("ITEM_NOT_STOCKED_AT_LOCATION")
                    .contains("not stocked at Shopify location " + ShopifySimulator.LOCATION);
        }
        assertThat(result(results, "N-3").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(shop.writes("N-1")).isZero();
        assertThat(shop.writes("N-2")).isZero();
    }

    @Test
    void rejectsWhatShopifyRefusesWithItsCodeAndPushesTheRest() {
        shop.addVariant("Q-1", 1);
        shop.addVariant("Q-2", 1);
        PushItem q1 = read("Q-1", 7);
        shop.unstock("Q-1", ShopifySimulator.LOCATION); // after the read: only Shopify's answer can tell

        List<ItemResult> results = push("b1", q1, read("Q-2", 3));

        assertThat(result(results, "Q-1").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(result(results, "Q-1").reason()).startsWith("ITEM_NOT_STOCKED_AT_LOCATION: ");
        assertThat(result(results, "Q-2").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(shop.available("Q-2")).isEqualTo(3);
        assertThat(shop.mutations()).isEqualTo(2); // Shopify applies a call all or nothing: the rest goes again
    }

    @Test
    void looksUpItemsNotReadYetBeforeSettingThem() {
        shop.addVariant("L-1", 1);
        shop.addVariant("L-2", 2);
        shop.addVariant("L-3", 3);

        List<ItemResult> results = push("b1", unread("L-1", 5), unread("L-2", 5), unread("L-3", 5));

        assertThat(results).allMatch(r -> r.outcome() == PushOutcome.PUSHED);
        assertThat(shop.searches()).isEqualTo(1);
        assertThat(shop.mutations()).isEqualTo(1);
    }

    @Test
    void comparesTheNextPushAgainstWhatItSetRatherThanTheOlderCatalogRead() {
        shop.addVariant("M-1", 5);
        PushItem afterRead = read("M-1", 7);

        push("b1", afterRead);
        List<ItemResult> second = push("b2", new PushItem("M-1", "P-M-1", 9, afterRead.cartItemRef(), 5L));

        assertThat(second).containsExactly(new ItemResult("M-1", PushOutcome.PUSHED, null));
        assertThat(shop.available("M-1")).isEqualTo(9);
        assertThat(shop.mutations()).isEqualTo(2);
        assertThat(shop.searches()).isZero();
    }

    @Test
    void refusesToGuessBetweenVariantsSharingASku() {
        shop.addVariant("D-1", 1);
        shop.addVariant("D-1", 2);

        List<CatalogItem> catalog = connector.readCatalog(cart, Shops.TOKEN, List.of("D-1"));
        List<ItemResult> results = push("b1", unread("D-1", 4));

        assertThat(catalog).containsExactly(new CatalogItem("D-1", true, true, null, null));
        assertThat(results.get(0).outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get(0).reason()).contains("2 variants in Shopify have SKU 'D-1'");
        assertThat(shop.mutations()).isZero();
    }

    @Test
    void readsOneCatalogItemPerValueInTheOrderAsked() {
        List<String> values = new ArrayList<>();
        IntStream.range(0, 240).forEach(i -> {
            String sku = String.format("R-%03d", i);
            shop.addVariant(sku, i);
            values.add(sku);
        });
        values.add(120, "UNKNOWN-1");
        shop.addVariant("R-UNTRACKED", false, Map.of(ShopifySimulator.LOCATION, 1L));
        values.add("R-UNTRACKED");
        values.add("R-000"); // asked twice

        List<CatalogItem> catalog = connector.readCatalog(cart, Shops.TOKEN, values);

        assertThat(catalog).extracting(CatalogItem::aliasValue).containsExactlyElementsOf(values);
        assertThat(catalog.get(120)).isEqualTo(new CatalogItem("UNKNOWN-1", false, false, null, null));
        assertThat(catalog.get(0)).isEqualTo(new CatalogItem("R-000", true, true, shop.inventoryItemId("R-000"), 0L));
        assertThat(catalog.get(241).inventoryTracked()).isFalse();
        assertThat(catalog.get(242)).isEqualTo(catalog.get(0));
        assertThat(shop.searches()).isEqualTo(3); // 242 distinct SKUs in searches of 100
    }

    @Test
    void neverPutsTheAccessTokenInAReasonOrAnError() {
        shop.addVariant("X-1", 5);
        shop.addVariant("X-2", false, Map.of(ShopifySimulator.LOCATION, 1L));
        shop.addVariant("X-3", true, Map.of(OTHER_LOCATION, 1L));
        shop.addVariant("X-4", 5);
        shop.addVariant("X-5", 5);
        PushItem stale = read("X-4", 1);
        shop.setAvailable("X-4", 3);
        List<String> said = new ArrayList<>();

        push("b1", read("X-1", 1_500_000_000L), unread("X-2", 1), unread("X-3", 1), stale, unread("NOPE", 1))
                .stream().map(ItemResult::reason).filter(Objects::nonNull).forEach(said::add);
        connector.push(cart, "wrong-" + Shops.TOKEN, "b2", List.of(read("X-5", 2)))
                .forEach(r -> said.add(r.reason()));
        said.add(catchThrowableOfType(IllegalStateException.class,
                () -> connector.readCatalog(cart, "wrong-" + Shops.TOKEN, List.of("X-1"))).getMessage());
        shop.failNext(1);
        said.add(catchThrowableOfType(RetryableCartException.class, () -> push("b3", read("X-5", 2))).getMessage());
        shop.bucket(1000, 50);
        shop.setCurrentlyAvailable(0);
        said.add(catchThrowableOfType(RetryableCartException.class, () -> push("b4", read("X-5", 2))).getMessage());

        assertThat(said).hasSize(8).allSatisfy(text -> assertThat(text).doesNotContain(Shops.TOKEN));
        assertThat(said).filteredOn(text -> text.contains("refused the access token (HTTP 401)")).hasSize(2)
                .allSatisfy(text -> assertThat(text).contains("credentialsRef 'SHOP1'"));
        assertThat(shop.unauthorizedAnswers()).isEqualTo(2);
    }

    @Test
    void rejectsEveryItemWhenTheCartHasNoLocation() {
        shop.addVariant("Z-1", 5);
        CartSettingsChanged noLocation = new CartSettingsChanged(cart.cartId(), cart.merchantId(), cart.type(),
                cart.baseUrl(), " ", cart.credentialsRef(), true, "ALL", "SKU", 0, cart.observedAt());

        List<ItemResult> results = connector.push(noLocation, Shops.TOKEN, "b1", List.of(read("Z-1", 1)));

        assertThat(results.get(0).outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get(0).reason()).contains("has no location");
        assertThat(shop.mutations() + shop.searches()).isZero();
    }
}
