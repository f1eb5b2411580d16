package io.invsync.cartpush.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.invsync.cartpush.push.CartConnector.CatalogItem;
import io.invsync.cartpush.push.CartConnector.ItemResult;
import io.invsync.cartpush.push.CartConnector.PushItem;
import io.invsync.cartpush.push.Retrying;
import io.invsync.cartpush.push.Ticker;
import io.invsync.simulator.ConformsToVendorSpecs;
import io.invsync.simulator.ShopifySimulator;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.PushOutcome;

/**
 * What pushing a whole shop costs (the issue asks for the figures): 10,000 changed SKUs whose reference and quantity
 * are known from a catalog read, in batches of 250 through {@link Retrying}, as the pusher sends them; and the catalog
 * read of the same 10,000 SKUs. Once against the standard plan's bucket (1000 points, 50/s) on a virtual clock, so
 * its minutes of pacing take milliseconds, and once on the real clock with a faster restore rate.
 */
@ExtendWith(ConformsToVendorSpecs.class)
class ShopifyVolumeTest {

    private static final int SKUS = 10_000;

    @Test
    void pushesTenThousandKnownSkusInFortyCallsWithoutLookupsAtTheStandardPlansRate() {
        Shops.VirtualTime time = new Shops.VirtualTime();
        try (ShopifySimulator shop = new ShopifySimulator(Shops.TOKEN, 0, time::nanoTime)) {
            shop.bucket(1000, 50);
            Run run = push(shop, Shops.connector(time));

            assertThat(run.results()).hasSize(SKUS).allMatch(r -> r.outcome() == PushOutcome.PUSHED);
            assertThat(shop.mutations()).isEqualTo(40);
            assertThat(shop.searches()).isZero();
            assertThat(shop.throttledAnswers()).isZero(); // paced by the bucket, never refused
            // 40 calls of 10 + 250 points, of which the full bucket pays 1000 at once: the rest restores at 50/s
            assertThat(time.elapsed()).isBetween(Duration.ofSeconds(186), Duration.ofSeconds(192));
            report("push, bucket 1000 @ 50/s, virtual clock", shop, time.elapsed(), run.wall());
        }
    }

    @Test
    void pushesTenThousandKnownSkusInFortyCallsOnTheRealClock() {
        try (ShopifySimulator shop = new ShopifySimulator(Shops.TOKEN)) {
            shop.bucket(1000, 10_000); // 200 times the standard plan's restore rate, to keep the suite fast
            Run run = push(shop, Shops.connector(Ticker.SYSTEM));

            assertThat(run.results()).hasSize(SKUS).allMatch(r -> r.outcome() == PushOutcome.PUSHED);
            assertThat(shop.mutations()).isEqualTo(40);
            assertThat(shop.searches()).isZero();
            assertThat(shop.throttledAnswers()).isZero();
            report("push, bucket 1000 @ 10000/s, real clock", shop, run.wall(), run.wall());
        }
    }

    @Test
    void readsTheCatalogOfTenThousandSkusInOneHundredSearches() {
        Shops.VirtualTime time = new Shops.VirtualTime();
        try (ShopifySimulator shop = new ShopifySimulator(Shops.TOKEN, 0, time::nanoTime)) {
            shop.bucket(1000, 50);
            List<String> skus = new ArrayList<>();
            for (int i = 0; i < SKUS; i++) {
                shop.addVariant(sku(i), 5);
                skus.add(sku(i));
            }
            ShopifyConnector connector = Shops.connector(time);
            CartSettingsChanged cart = Shops.cart(shop);
            Retrying retrying = Shops.retrying(5, Duration.ofMillis(10));
            long started = System.nanoTime();

            List<CatalogItem> read = new ArrayList<>();
            for (int from = 0; from < SKUS; from += connector.catalogBatchLimit()) {
                List<String> chunk = skus.subList(from, Math.min(SKUS, from + connector.catalogBatchLimit()));
                read.addAll(retrying.call(cart.cartId(), connector.minimumCallInterval(),
                        () -> connector.readCatalog(cart, Shops.TOKEN, chunk)));
            }

            assertThat(read).hasSize(SKUS).allMatch(item -> item.exists() && item.quantity() == 5);
            assertThat(shop.searches()).isEqualTo(100);
            assertThat(shop.throttledAnswers()).isZero();
            report("catalog read, bucket 1000 @ 50/s, virtual clock", shop, time.elapsed(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private record Run(List<ItemResult> results, Duration wall) {
    }

    /** As the pusher does it: batches of the connector's limit, each through Retrying, the cart's quantity known. */
    private static Run push(ShopifySimulator shop, ShopifyConnector connector) {
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < SKUS; i++) {
            String ref = shop.addVariant(sku(i), 5);
            items.add(new PushItem(sku(i), "P" + i, 6 + i % 3, ref, 5L));
        }
        CartSettingsChanged cart = Shops.cart(shop);
        Retrying retrying = Shops.retrying(5, Duration.ofMillis(10));
        long started = System.nanoTime();
        List<ItemResult> results = new ArrayList<>();
        for (int from = 0; from < SKUS; from += connector.batchLimit()) {
            List<PushItem> batch = items.subList(from, Math.min(SKUS, from + connector.batchLimit()));
            String batchId = "batch-" + from;
            results.addAll(retrying.call(cart.cartId(), connector.minimumCallInterval(),
                    () -> connector.push(cart, Shops.TOKEN, batchId, batch)));
        }
        return new Run(results, Duration.ofNanos(System.nanoTime() - started));
    }

    private static String sku(int i) {
        return String.format(Locale.ROOT, "VOL-%05d", i);
    }

    private static void report(String what, ShopifySimulator shop, Duration elapsed, Duration wall) {
        System.out.printf(Locale.ROOT, "Shopify volume [%s]: %d SKUs, %d inventorySetQuantities calls, "
                + "%d productVariants calls, %d throttled; elapsed %.1f s (wall %d ms)%n", what, SKUS,
                shop.mutations(), shop.searches(), shop.throttledAnswers(), elapsed.toMillis() / 1000.0,
                wall.toMillis());
    }
}
