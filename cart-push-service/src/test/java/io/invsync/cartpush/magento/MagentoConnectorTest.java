package io.invsync.cartpush.magento;

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
import org.junit.jupiter.api.extension.ExtendWith;

import io.invsync.cartpush.push.CartConnector.CatalogItem;
import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.cartpush.push.CartConnector.PushItem;
import io.invsync.cartpush.push.RetryableCartException;
import io.invsync.cartpush.push.TestCartHttp;
import io.invsync.simulator.ConformsToVendorSpecs;
import io.invsync.simulator.MagentoSimulator;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.PushOutcome;

@ExtendWith(ConformsToVendorSpecs.class)
class MagentoConnectorTest {

    private static final String TOKEN = "magento-integration-s3cr3t";

    private MagentoSimulator shop = new MagentoSimulator(TOKEN);
    private MagentoConnector connector = connector(Duration.ofSeconds(3));

    @AfterEach
    void closeShop() {
        shop.close();
    }

    private static MagentoConnector connector(Duration timeout) {
        return new MagentoConnector("all", 500, 100, Duration.ofMillis(1), timeout, 16, TestCartHttp.allowingLoopback());
    }

    private CartSettingsChanged cart(String source) {
        return new CartSettingsChanged("mag-cart", "m1", CartType.MAGENTO, shop.url(), source, "MAG", true, "ALL",
                "SKU", 0, Instant.now());
    }

    private Map<String, ItemResult> push(String source, List<PushItem> items) {
        return connector.push(cart(source), TOKEN, "b", items).stream()
                .collect(Collectors.toMap(ItemResult::aliasValue, Function.identity()));
    }

    @Test
    void readsExistenceManageStockAndTheQuantityAtTheCartsSource() {
        long id = shop.product("A-1", true);
        shop.product("LOOSE", false);
        shop.addSource("east");
        shop.setQuantity("A-1", "east", 6);
        shop.setQuantity("A-1", "default", 99);

        Map<String, CatalogItem> read = connector.readCatalog(cart("east"), TOKEN, List.of("A-1", "LOOSE", "NOPE"))
                .stream().collect(Collectors.toMap(CatalogItem::aliasValue, Function.identity()));

        assertThat(read.get("A-1")).isEqualTo(new CatalogItem("A-1", true, true, String.valueOf(id), 6L));
        assertThat(read.get("LOOSE").inventoryTracked()).isFalse();
        assertThat(read.get("NOPE").exists()).isFalse();
        assertThat(shop.calls()).isEqualTo(2);
    }

    @Test
    void pagesThroughSourceItemsUpToTheTotalCountAndKeepsTheCartsSource() {
        for (String sku : List.of("P-1", "P-2", "P-3")) {
            shop.product(sku, true);
            for (String source : List.of("a-west", "east", "z-north")) {
                shop.addSource(source);
                shop.setQuantity(sku, source, source.equals("east") ? 7 : 1);
            }
        }

        List<CatalogItem> read = connector.readCatalog(cart("east"), TOKEN, List.of("P-1", "P-2", "P-3"));

        assertThat(read).extracting(CatalogItem::quantity).containsExactly(7L, 7L, 7L);
        assertThat(shop.sourceItemSearches()).isEqualTo(3); // 9 source items, 3 a page
    }

    @Test
    void savesTheQuantitiesAtTheCartsSourceInOneCall() {
        shop.product("A-1", true);
        shop.product("B 2/x", true);
        shop.addSource("east");

        Map<String, ItemResult> results = push("east", List.of(new PushItem("A-1", "p1", 5, "1", 0L),
                new PushItem("B 2/x", "p2", 0, "2", 3L)));

        assertThat(results.values()).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        assertThat(shop.quantity("A-1", "east")).isEqualTo(5.0);
        assertThat(shop.quantity("B 2/x", "east")).isZero();
        assertThat(shop.quantity("A-1", "default")).isNull();
        assertThat(shop.sourceItemSaves()).isEqualTo(1);
    }

    @Test
    void neverSendsASkuWhoseExistenceItHasNotCheckedBecauseMagentoAcceptsUnknownOnes() {
        shop.product("A-1", true);
        shop.product("LOOSE", false);

        Map<String, ItemResult> results = push("default", List.of(new PushItem("A-1", "p1", 5, null, null),
                new PushItem("LOOSE", "p2", 5, null, null), new PushItem("NOPE", "p3", 5, null, null)));

        assertThat(results.get("A-1").outcome()).isEqualTo(PushOutcome.PUSHED);
        assertThat(results.get("LOOSE").outcome()).isEqualTo(PushOutcome.TRACKING_DISABLED);
        assertThat(results.get("NOPE").outcome()).isEqualTo(PushOutcome.NOT_IN_CART);
        assertThat(shop.productGets()).isEqualTo(3);
        assertThat(shop.itemsReceived()).isEqualTo(1);
        assertThat(shop.orphanSourceItems()).isZero();
    }

    @Test
    void bisectsABatchMagentoRefusesWithoutNamingTheItemUntilTheRefusedOneIsIsolated() {
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            shop.product("S-" + i, true);
            items.add(new PushItem("S-" + i, "p", 10 + i, String.valueOf(i), 0L));
        }
        shop.refuse("S-2");

        Map<String, ItemResult> results = push("default", items);

        assertThat(results.get("S-2").outcome()).isEqualTo(PushOutcome.REJECTED);
        assertThat(results.get("S-2").reason()).contains("HTTP 400", "Validation Failed");
        assertThat(results.values()).filteredOn(r -> !r.aliasValue().equals("S-2")).extracting(ItemResult::outcome)
                .containsOnly(PushOutcome.PUSHED);
        assertThat(shop.quantity("S-7", "default")).isEqualTo(17.0);
        assertThat(shop.quantity("S-2", "default")).isNull();
    }

    @Test
    void rejectsEveryItemWhenTheCartsSourceDoesNotExist() {
        shop.product("A-1", true);
        shop.product("B-2", true);

        Map<String, ItemResult> results = push("nowhere", List.of(new PushItem("A-1", "p1", 5, "1", 0L),
                new PushItem("B-2", "p2", 5, "2", 0L)));

        assertThat(results.values()).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
            assertThat(r.reason()).contains("Could not save Source Item");
        });
        assertThat(shop.quantity("A-1", "nowhere")).isNull();
    }

    @Test
    void makesServerErrorsAndTimeoutsRetryable() {
        shop.product("A-1", true);
        List<PushItem> items = List.of(new PushItem("A-1", "p1", 5, "1", 0L));

        shop.failNext(1);
        assertThatThrownBy(() -> push("default", items)).isInstanceOf(RetryableCartException.class)
                .hasMessageContaining("HTTP 503");
        shop.hangNext(1);
        assertThatThrownBy(() -> connector(Duration.ofMillis(300)).push(cart("default"), TOKEN, "b", items))
                .isInstanceOf(RetryableCartException.class).hasMessageContaining("did not answer within 300 ms");
        assertThat(push("default", items).values()).extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
    }

    @Test
    void neverPutsTheAccessTokenInAReasonOrAnError() {
        shop.product("A-1", true);
        String wrong = "wrong-s3cr3t-token";

        assertThat(connector.push(cart("default"), wrong, "b", List.of(new PushItem("A-1", "p1", 5, "1", 0L),
                new PushItem("B", "p2", 5, null, null)))).allSatisfy(r -> {
                    assertThat(r.outcome()).isEqualTo(PushOutcome.REJECTED);
                    assertThat(r.reason()).contains("HTTP 401", "Magento_InventoryApi::source_items")
                            .doesNotContain(wrong);
                });
        assertThatThrownBy(() -> connector.readCatalog(cart("default"), wrong, List.of("A-1")))
                .hasMessageContaining("HTTP 401").satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
    }

    @Test
    void tenThousandChangedSkusTakeTwentySaveCallsOfFiveHundred() {
        int skus = 10_000;
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < skus; i++) {
            shop.product("M-" + i, true);
            items.add(new PushItem("M-" + i, "p" + i, i % 50 + 1, String.valueOf(i), 0L)); // the catalog was read
        }
        for (int from = 0; from < skus; from += connector.batchLimit()) { // as CartPusher batches
            assertThat(connector.push(cart("default"), TOKEN, "b", items.subList(from, from + connector.batchLimit())))
                    .extracting(ItemResult::outcome).containsOnly(PushOutcome.PUSHED);
        }

        System.out.printf("Magento: %d changed SKUs -> %d calls (%d source-items saves of %d)%n", skus, shop.calls(),
                shop.sourceItemSaves(), connector.batchLimit());
        assertThat(shop.sourceItemSaves()).isEqualTo(20);
        assertThat(shop.calls()).isEqualTo(20);
    }
}
