package io.invsync.cartpush.bigcommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.invsync.cartpush.push.CallPacer;
import io.invsync.cartpush.push.CartConnector.CatalogItem;
import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.cartpush.push.CartConnector.PushItem;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.cartpush.push.TestCartHttp;
import io.invsync.simulator.ConformsToVendorSpecs;
import io.invsync.simulator.BigCommerceSimulator;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.PushOutcome;

@ExtendWith(ConformsToVendorSpecs.class)
class BigCommerceConnectorTest {

    private static final String TOKEN = "bc-token-s3cr3t";
    private static final Duration APPLY_DELAY = Duration.ofMillis(100);

    private BigCommerceSimulator store = new BigCommerceSimulator(TOKEN, APPLY_DELAY, 10_000, Duration.ofSeconds(30));
    private BigCommerceConnector connector = connector(2000, 24);

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static BigCommerceConnector connector(int batchLimit, int extraCallBudget) {
        return new BigCommerceConnector(batchLimit, 50, Duration.ofMillis(1), Duration.ofSeconds(3), extraCallBudget,
                TestCartHttp.allowingLoopback(), new CallPacer());
    }

    private CartSettingsChanged cart(String location) {
        return new CartSettingsChanged("bc-cart", "m1", CartType.BIGCOMMERCE, store.url(), location, "BC", true, "ALL",
                "SKU", 0, Instant.now());
    }

    /** Pushes after a catalog read, as the pusher does: each item carries the ref and quantity the read gave. */
    private Map<String, ItemResult> pushRead(Map<String, Long> quantities) {
        Map<String, CatalogItem> read = byValue(connector.readCatalog(cart("1"), TOKEN, List.copyOf(quantities.keySet())),
                CatalogItem::aliasValue);
        List<PushItem> items = quantities.entrySet().stream().map(e -> new PushItem(e.getKey(), "p-" + e.getKey(),
                e.getValue(), read.get(e.getKey()).cartItemRef(), read.get(e.getKey()).quantity())).toList();
        return byValue(connector.push(cart("1"), TOKEN, "batch-1", items), ItemResult::aliasValue);
    }

    private static <T> Map<String, T> byValue(List<T> list, Function<T, String> key) {
        return list.stream().collect(Collectors.toMap(key, Function.identity()));
    }

    @Test
    void readsExistenceTrackingReferenceAndOnHandQuantityPerSku() {
        long shirt = store.product("SHIRT", "variant");
        store.variant("SHIRT", "SHIRT-RED");
        long mug = store.product("MUG", "product");
        store.product("POSTER", "none");
        store.setQuantity("SHIRT-RED", 1, 7);
        store.setQuantity("MUG", 1, 3);

        Map<String, CatalogItem> read = byValue(connector.readCatalog(cart("1"), TOKEN,
                List.of("SHIRT-RED", "MUG", "POSTER", "NOPE")), CatalogItem::aliasValue);

        assertThat(read.get("SHIRT-RED")).satisfies(item -> {
            assertThat(item.exists()).isTrue();
            assertThat(item.inventoryTracked()).isTrue();
            assertThat(item.cartItemRef()).startsWith("variant/");
            assertThat(item.quantity()).isEqualTo(7L);
        });
        assertThat(read.get("MUG").cartItemRef()).isEqualTo("product/" + mug);
        assertThat(read.get("MUG").quantity()).isEqualTo(3L);
        assertThat(read.get("POSTER").exists()).isTrue();
        assertThat(read.get("POSTER").inventoryTracked()).isFalse();
        assertThat(read.get("NOPE").exists()).isFalse();
        assertThat(shirt).isPositive();
        // one inventory read for the chunk, a variant lookup per value the inventory did not list, one product read
        assertThat(store.inventoryReads()).isEqualTo(1);
        assertThat(store.variantReads()).isEqualTo(2);
        assertThat(store.productReads()).isEqualTo(1);
    }

    @Test
    void readsTheOnHandQuantityTheAdjustmentSetsNotWhatTheSafetyStockLeavesToSell() {
        store.product("A-1", "variant");
        store.setQuantity("A-1", 1, 10);
        store.setSafetyStock("A-1", 1, 4);

        CatalogItem read = connector.readCatalog(cart("1"), TOKEN, List.of("A-1")).get(0);

        assertThat(read.quantity()).isEqualTo(10L); // 6 available to sell; an absolute adjustment sets the 10
    }

    @Test
    void readsTheProductsOfSixHundredSkusInCallsOfAtMostTheDocumented250() {
        BigCommerceConnector wide = new BigCommerceConnector(2000, 1000, Duration.ofMillis(1), Duration.ofSeconds(3),
                24, TestCartHttp.allowingLoopback(), new CallPacer());
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            store.product("W-" + i, "variant");
            skus.add("W-" + i);
        }

        List<CatalogItem> read = wide.readCatalog(cart("1"), TOKEN, skus);

        assertThat(read).hasSize(600).allMatch(item -> item.exists() && item.inventoryTracked());
        assertThat(store.productReads()).isEqualTo(3); // 250 + 250 + 100 product ids
    }

    @Test
    void reportsPushedOnTheTransactionIdAlthoughReadsShowTheOldValueUntilTheStoreApplies() {
        store.close();
        store = new BigCommerceSimulator(TOKEN, Duration.ofSeconds(1), 10_000, Duration.ofSeconds(30));
        store.product("A-1", "variant");
        store.product("B-2", "variant");
        store.setQuantity("A-1", 1, 1);

        Map<String, ItemResult> results = pushRead(Map.of("A-1", 5L, "B-2", 9L));

        assertThat(results.values()).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        assertThat(store.pendingTransactions()).isEqualTo(1);
        assertThat(connector.readCatalog(cart("1"), TOKEN, List.of("A-1")).get(0).quantity()).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(store.quantity("A-1", 1)).isEqualTo(5L);
            assertThat(store.quantity("B-2", 1)).isEqualTo(9L);
        });
        assertThat(connector.readCatalog(cart("1"), TOKEN, List.of("A-1")).get(0).quantity()).isEqualTo(5L);
    }

    @Test
    void adjustsProductTrackedItemsByProductId() {
        store.product("MUG", "product");

        Map<String, ItemResult> results = pushRead(Map.of("MUG", 4L));

        assertThat(results.get("MUG").outcome()).isEqualTo(PushOutcome.PUSHED);
        await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(4).equals(store.quantity("MUG", 1)));
    }

    @Test
    void looksUpItemsPushedWithoutACatalogReadAndNeverSendsUnknownOrUntrackedOnes() {
        store.product("A-1", "variant");
        store.product("POSTER", "none");
        store.untrackedAdjustments(BigCommerceSimulator.Untracked.IGNORE); // the store would drop it silently

        Map<String, ItemResult> results = byValue(connector.push(cart("1"), TOKEN, "b", List.of(
                new PushItem("A-1", "p1", 3, null, null),
                new PushItem("POSTER", "p2", 3, null, null),
                new PushItem("NOPE", "p3", 3, null, null))), ItemResult::aliasValue);

        assertThat(results.get("A-1").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(results.get("POSTER").outcome()).isEqualTo(PushOutcome.TRACKING_DISABLED);
        assertThat(results.get("NOPE").outcome()).isEqualTo(PushOutcome.NOT_IN_CART);
        assertThat(store.itemsReceived()).isEqualTo(1);
    }

    @Test
    void rejectsOnlyTheItemsA422NamesWithTheStoresMessageAndResendsTheRest() {
        store.product("SHIRT", "product");
        long red = store.variant("SHIRT", "SHIRT-RED");
        store.product("A-1", "variant");
        store.product("B-2", "variant");

        Map<String, ItemResult> results = byValue(connector.push(cart("1"), TOKEN, "b", List.of(
                new PushItem("A-1", "p1", 5, "variant/1", null),
                new PushItem("SHIRT-RED", "p2", 5, "variant/" + red, null),
                new PushItem("B-2", "p3", 3_000_000_000L, "variant/3", null))), ItemResult::aliasValue);

        assertThat(results.get("A-1").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(results.get("SHIRT-RED").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get("SHIRT-RED").reason())
                .contains("Item with variant_id " + red + " is tracked by product, please update stock by product id");
        assertThat(results.get("B-2").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get("B-2").reason()).contains("Quantity must be between 0 and 2147483647");
        assertThat(store.adjustmentCalls()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(5).equals(store.quantity("A-1", 1)));
        assertThat(store.quantity("SHIRT-RED", 1)).isNull();
    }

    @Test
    void bisectsA422ThatNamesNoItemUntilTheRefusedOneIsIsolated() {
        store.namesRefusedItems(false);
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            store.product("S-" + i, "variant");
            items.add(new PushItem("S-" + i, "p" + i, i == 5 ? 3_000_000_000L : 10 + i, "variant/" + i, null));
        }

        Map<String, ItemResult> results = byValue(connector.push(cart("1"), TOKEN, "b", items), ItemResult::aliasValue);

        assertThat(results.get("S-5").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get("S-5").reason()).contains("Bulk operation has failed");
        assertThat(results.values()).filteredOn(r -> !r.aliasValue().equals("S-5"))
                .extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(17).equals(store.quantity("S-7", 1)));
    }

    @Test
    void rejectsWhatBisectionCouldNotIsolateWithinItsBudgetAndNeverCallsThatPushed() {
        connector = connector(2000, 0);
        store.namesRefusedItems(false);
        store.product("A-1", "variant");

        Map<String, ItemResult> results = byValue(connector.push(cart("1"), TOKEN, "b", List.of(
                new PushItem("A-1", "p1", 5, "variant/1", null),
                new PushItem("GONE", "p2", 5, "variant/2", null))), ItemResult::aliasValue);

        assertThat(results.values()).extracting(ItemResult::outcome).containsOnly(PushOutcome.REJECTED);
        assertThat(results.get("A-1").reason()).contains("none of which was applied", "Bulk operation has failed");
        assertThat(store.adjustmentCalls()).isEqualTo(1);
    }

    @Test
    void neverSendsMoreThan2000ItemsInOneAdjustment() {
        assertThat(connector(5000, 24).batchLimit()).isEqualTo(2000);
        List<PushItem> items = IntStream.range(0, 2000).mapToObj(i -> {
            store.product("K-" + i, "variant");
            return new PushItem("K-" + i, "p", 1, "variant/" + i, null);
        }).toList();

        assertThat(connector.push(cart("1"), TOKEN, "b", items)).extracting(ItemResult::outcome)
                .containsOnly(PushOutcome.PUSHED);
        assertThat(store.adjustmentCalls()).isEqualTo(1);
    }

    @Test
    void sendsOneAbsoluteAdjustmentAtATimeToAStore() throws Exception {
        List<PushItem> items = IntStream.range(0, 2000).mapToObj(i -> {
            store.product("C-" + i, "variant");
            return new PushItem("C-" + i, "p", i, "variant/" + i, null);
        }).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<ItemResult>>> pushes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                pushes.add(threads.submit(() -> connector.push(cart("1"), TOKEN, "b", items)));
            }
            for (Future<List<ItemResult>> push : pushes) {
                assertThat(push.get()).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(store.adjustmentCalls()).isEqualTo(8);
        assertThat(store.maxAdjustmentsInFlight()).isEqualTo(1);
    }

    @Test
    void pacesCallsByTheRateLimitHeadersSoTheStoreNeverThrottles() {
        store.close();
        store = new BigCommerceSimulator(TOKEN, APPLY_DELAY, 3, Duration.ofMillis(300));
        store.product("A-1", "variant");
        long started = System.nanoTime();

        for (int i = 0; i < 7; i++) {
            assertThat(connector.push(cart("1"), TOKEN, "b", List.of(new PushItem("A-1", "p", i, "variant/1", null))))
                    .extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        }

        assertThat(store.throttled()).isZero();
        assertThat(store.adjustmentCalls()).isEqualTo(7);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void makesA429RetryableAfterTheStoresResetTime() {
        store.product("A-1", "variant");
        store.throttleNext(1);

        assertThatThrownBy(() -> connector.push(cart("1"), TOKEN, "b", List.of(new PushItem("A-1", "p", 1, "variant/1", null))))
                .isInstanceOfSatisfying(RetryableCartException.class, e -> {
                    assertThat(e.getMessage()).contains("429");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(20));
                });
        assertThat(connector.push(cart("1"), TOKEN, "b", List.of(new PushItem("A-1", "p", 1, "variant/1", null))))
                .extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
    }

    @Test
    void makesServerErrorsAndTimeoutsRetryable() {
        store.product("A-1", "variant");
        List<PushItem> items = List.of(new PushItem("A-1", "p", 1, "variant/1", null));

        store.failNext(1);
        assertThatThrownBy(() -> connector.push(cart("1"), TOKEN, "b", items))
                .isInstanceOf(RetryableCartException.class).hasMessageContaining("HTTP 500");
        store.hangNext(1);
        BigCommerceConnector impatient = new BigCommerceConnector(2000, 50, Duration.ofMillis(1), Duration.ofMillis(300),
                24, TestCartHttp.allowingLoopback(), new CallPacer());
        assertThatThrownBy(() -> impatient.push(cart("1"), TOKEN, "b", items))
                .isInstanceOf(RetryableCartException.class).hasMessageContaining("did not answer within 300 ms");
        assertThat(connector.push(cart("1"), TOKEN, "b", items)).extracting(ItemResult::outcome)
                .containsOnly(PushOutcome.PUSHED);
    }

    @Test
    void rejectsEverythingWhenTheLocationIsNotAStoreLocation() {
        store.product("A-1", "variant");

        assertThat(connector.push(cart("warehouse-east"), TOKEN, "b", List.of(new PushItem("A-1", "p", 1, "variant/1", null))))
                .singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
                    assertThat(r.reason()).contains("not a BigCommerce location id");
                });
        assertThat(connector.push(cart("9"), TOKEN, "b", List.of(new PushItem("A-1", "p", 1, "variant/1", null))))
                .singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
                    assertThat(r.reason()).contains("Location not found");
                });
    }

    @Test
    void neverPutsTheTokenInAReasonOrAnError() {
        store.product("A-1", "variant");
        String wrong = "wrong-token-value";

        assertThat(connector.push(cart("1"), wrong, "b", List.of(new PushItem("A-1", "p", 1, "variant/1", null),
                new PushItem("B", "p", 1, null, null)))).allSatisfy(r -> {
                    assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
                    assertThat(r.reason()).contains("HTTP 401").doesNotContain(wrong);
                });
        assertThatThrownBy(() -> connector.readCatalog(cart("1"), wrong, List.of("A-1")))
                .hasMessageContaining("HTTP 401").satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
    }

    @Test
    void tenThousandChangedSkusTakeFiveAdjustmentCalls() {
        int skus = 10_000;
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < skus; i++) {
            store.product("M-" + i, "variant");
            items.add(new PushItem("M-" + i, "p" + i, i % 50, "variant/" + i, 0L)); // the catalog was read
        }
        for (int from = 0; from < skus; from += connector.batchLimit()) { // as CartPusher batches
            assertThat(connector.push(cart("1"), TOKEN, "b", items.subList(from, from + connector.batchLimit())))
                    .extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        }

        System.out.printf("BigCommerce: %d changed SKUs -> %d calls (%d absolute adjustments)%n", skus, store.calls(),
                store.adjustmentCalls());
        assertThat(store.adjustmentCalls()).isEqualTo(5);
        assertThat(store.calls()).isEqualTo(5);
    }
}
