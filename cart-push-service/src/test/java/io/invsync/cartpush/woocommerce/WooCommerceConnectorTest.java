package io.invsync.cartpush.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.invsync.cartpush.push.CartConnector.CatalogItem;
import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.cartpush.push.CartConnector.PushItem;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.cartpush.push.TestCartHttp;
import io.invsync.simulator.WooCommerceSimulator;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.PushOutcome;

class WooCommerceConnectorTest {

    private static final String KEY = "ck_live_1234";
    private static final String SECRET = "cs_live_s3cr3t";
    private static final String CREDENTIALS = KEY + ":" + SECRET;

    private WooCommerceSimulator shop = new WooCommerceSimulator(KEY, SECRET, 100);
    private WooCommerceConnector connector = connector(100);

    @AfterEach
    void closeShop() {
        shop.close();
    }

    private static WooCommerceConnector connector(int batchLimit) {
        return new WooCommerceConnector(batchLimit, Duration.ofMillis(1), Duration.ofSeconds(3),
                TestCartHttp.allowingLoopback());
    }

    private CartSettingsChanged cart() {
        return new CartSettingsChanged("woo-cart", "m1", CartType.WOOCOMMERCE, shop.url(), null, "WOO", true, "ALL",
                "SKU", 0, Instant.now());
    }

    private Map<String, CatalogItem> read(String... values) {
        return byValue(connector.readCatalog(cart(), CREDENTIALS, List.of(values)), CatalogItem::aliasValue);
    }

    private Map<String, ItemResult> push(List<PushItem> items) {
        return byValue(connector.push(cart(), CREDENTIALS, "batch-1", items), ItemResult::aliasValue);
    }

    private static <T> Map<String, T> byValue(List<T> list, Function<T, String> key) {
        return list.stream().collect(Collectors.toMap(key, Function.identity()));
    }

    @Test
    void readsProductsAndVariationsExactlyWithTheReferenceTheBatchNeeds() {
        long plain = shop.product("PLAIN", true, 5L);
        long tee = shop.product("TEE", false, null);
        long red = shop.variation(tee, "TEE-RED", true, 2L);
        shop.product("LOOSE", false, null);
        shop.product("PLAIN-XL", true, 1L); // a near match the exact lookup must not confuse with PLAIN

        Map<String, CatalogItem> read = read("PLAIN", "TEE-RED", "LOOSE", "NOPE");

        assertThat(read.get("PLAIN")).isEqualTo(new CatalogItem("PLAIN", true, true, String.valueOf(plain), 5L));
        assertThat(read.get("TEE-RED")).isEqualTo(new CatalogItem("TEE-RED", true, true, tee + "/" + red, 2L));
        assertThat(read.get("LOOSE").exists()).isTrue();
        assertThat(read.get("LOOSE").inventoryTracked()).isFalse();
        assertThat(read.get("NOPE").exists()).isFalse();
        assertThat(shop.lookups()).isEqualTo(1);
    }

    @Test
    void pushesProductsAndEachParentsVariationsInOneBatchCallEach() {
        shop.product("PLAIN", true, 5L);
        long tee = shop.product("TEE", false, null);
        shop.variation(tee, "TEE-RED", true, 2L);
        shop.variation(tee, "TEE-BLUE", true, 2L);
        Map<String, CatalogItem> read = read("PLAIN", "TEE-RED", "TEE-BLUE");

        Map<String, ItemResult> results = push(List.of(
                new PushItem("PLAIN", "p1", 9, read.get("PLAIN").cartItemRef(), 5L),
                new PushItem("TEE-RED", "p2", 3, read.get("TEE-RED").cartItemRef(), 2L),
                new PushItem("TEE-BLUE", "p3", 0, read.get("TEE-BLUE").cartItemRef(), 2L)));

        assertThat(results.values()).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        assertThat(shop.stockQuantity("PLAIN")).isEqualTo(9L);
        assertThat(shop.stockQuantity("TEE-RED")).isEqualTo(3L);
        assertThat(shop.stockQuantity("TEE-BLUE")).isZero();
        assertThat(shop.productBatches()).isEqualTo(1);
        assertThat(shop.variationBatches()).isEqualTo(1);
    }

    @Test
    void rejectsOnlyTheItemTheBatchAnswerMarksAsAnError() {
        long gone = shop.product("GONE", true, 1L);
        shop.product("PLAIN", true, 5L);
        Map<String, CatalogItem> read = read("GONE", "PLAIN");
        shop.delete(gone);

        Map<String, ItemResult> results = push(List.of(
                new PushItem("GONE", "p1", 4, read.get("GONE").cartItemRef(), 1L),
                new PushItem("PLAIN", "p2", 4, read.get("PLAIN").cartItemRef(), 5L)));

        assertThat(results.get("GONE").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get("GONE").reason()).contains("woocommerce_rest_product_invalid_id", "Invalid ID.");
        assertThat(results.get("PLAIN").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(shop.stockQuantity("PLAIN")).isEqualTo(4L);
    }

    @Test
    void neverClaimsPushedForAnItemWhoseStockIsNotManagedBecauseTheShopDropsTheQuantity() {
        shop.product("TURNED-OFF", true, 5L);
        shop.product("NEVER-MANAGED", false, null);
        String ref = read("TURNED-OFF").get("TURNED-OFF").cartItemRef();
        shop.manageStock("TURNED-OFF", false); // the merchant switched it off after the catalog read

        Map<String, ItemResult> results = push(List.of(
                new PushItem("TURNED-OFF", "p1", 8, ref, 5L),
                new PushItem("NEVER-MANAGED", "p2", 8, null, null),
                new PushItem("UNKNOWN", "p3", 8, null, null)));

        assertThat(results.get("TURNED-OFF").outcome()).isEqualTo(PushOutcome.TRACKING_DISABLED);
        assertThat(shop.stockQuantity("TURNED-OFF")).isEqualTo(5L);
        assertThat(results.get("NEVER-MANAGED").outcome()).isEqualTo(PushOutcome.TRACKING_DISABLED);
        assertThat(results.get("UNKNOWN").outcome()).isEqualTo(PushOutcome.NOT_IN_CART);
        assertThat(shop.itemsReceived()).isEqualTo(1); // only the item the catalog said was managed was sent
    }

    @Test
    void neverSendsMoreThan100ItemsInOneBatch() {
        connector = connector(500);
        assertThat(connector.batchLimit()).isEqualTo(100);
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            items.add(new PushItem("S-" + i, "p", 1, String.valueOf(shop.product("S-" + i, true, 0L)), 0L));
        }

        assertThat(push(items).values()).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        assertThat(shop.productBatches()).isEqualTo(3);
        assertThat(shop.tooLarge()).isZero();
    }

    @Test
    void halvesABatchTheShopRefusesAsTooLarge() {
        shop.close();
        shop = new WooCommerceSimulator(KEY, SECRET, 40); // a filter lowered the shop's limit
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(new PushItem("S-" + i, "p", 7, String.valueOf(shop.product("S-" + i, true, 0L)), 0L));
        }

        assertThat(push(items).values()).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        assertThat(shop.stockQuantity("S-99")).isEqualTo(7L);
        assertThat(shop.tooLarge()).isEqualTo(3); // 100, then both halves of 50
        assertThat(shop.productBatches()).isEqualTo(7);
    }

    @Test
    void makesThrottlingServerErrorsAndTimeoutsRetryable() {
        List<PushItem> items = List.of(new PushItem("S", "p", 1, String.valueOf(shop.product("S", true, 0L)), 0L));

        shop.throttleNext(1);
        assertThatThrownBy(() -> push(items)).isInstanceOfSatisfying(RetryableCartException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
        shop.failNext(1);
        assertThatThrownBy(() -> push(items)).isInstanceOf(RetryableCartException.class).hasMessageContaining("HTTP 500");
        shop.hangNext(1);
        WooCommerceConnector impatient = new WooCommerceConnector(100, Duration.ofMillis(1), Duration.ofMillis(300),
                TestCartHttp.allowingLoopback());
        assertThatThrownBy(() -> impatient.push(cart(), CREDENTIALS, "b", items))
                .isInstanceOf(RetryableCartException.class).hasMessageContaining("did not answer within 300 ms");
        assertThat(push(items).values()).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
    }

    @Test
    void neverPutsTheConsumerSecretInAReasonOrAnError() {
        long id = shop.product("S", true, 0L);
        String wrong = KEY + ":cs_wrong_s3cr3t";

        assertThat(connector.push(cart(), wrong, "b", List.of(new PushItem("S", "p", 1, String.valueOf(id), 0L),
                new PushItem("T", "p", 1, null, null)))).allSatisfy(r -> {
                    assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
                    assertThat(r.reason()).contains("HTTP 401").doesNotContain("cs_wrong_s3cr3t");
                });
        assertThat(connector.push(cart(), "no-colon-secret", "b", List.of(new PushItem("S", "p", 1, String.valueOf(id), 0L))))
                .singleElement().satisfies(r -> assertThat(r.reason()).contains("consumerKey:consumerSecret")
                        .doesNotContain("no-colon-secret"));
        assertThatThrownBy(() -> connector.readCatalog(cart(), wrong, List.of("S")))
                .hasMessageContaining("HTTP 401").satisfies(e -> assertThat(e.getMessage()).doesNotContain("cs_wrong"));
    }

    @Test
    void tenThousandChangedSkusTakeOneHundredBatchCalls() {
        int skus = 10_000;
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < skus; i++) {
            items.add(new PushItem("M-" + i, "p" + i, i % 50 + 1, String.valueOf(shop.product("M-" + i, true, 0L)), 0L));
        }
        for (int from = 0; from < skus; from += connector.batchLimit()) { // as CartPusher batches
            assertThat(connector.push(cart(), CREDENTIALS, "b", items.subList(from, from + connector.batchLimit())))
                    .extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        }

        System.out.printf("WooCommerce: %d changed SKUs -> %d calls (%d products/batch)%n", skus, shop.calls(),
                shop.productBatches());
        assertThat(shop.productBatches()).isEqualTo(100);
        assertThat(shop.calls()).isEqualTo(100);
    }
}
