package io.invsync.cartpush.shopify;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.invsync.cartpush.push.CallPacer;
import io.invsync.cartpush.push.Retrying;
import io.invsync.cartpush.push.TestCartHttp;
import io.invsync.cartpush.push.Ticker;
import io.invsync.simulator.ShopifySimulator;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;

/** What the Shopify tests share: a cart pointing at a simulated shop, connectors, and the push path's retrying. */
final class Shops {

    static final String TOKEN = "shpat_0123456789abcdef_test_token";

    private Shops() {
    }

    static CartSettingsChanged cart(ShopifySimulator shop) {
        return new CartSettingsChanged("shop-1", "m1", CartType.SHOPIFY, shop.baseUrl(), ShopifySimulator.LOCATION,
                "SHOP1", true, "ALL", "SKU", 0, Instant.parse("2026-11-27T10:00:00Z"));
    }

    static ShopifyConnector connector(Ticker ticker) {
        return new ShopifyConnector("2026-04", 100, Duration.ZERO, Duration.ofSeconds(5), 3, new CallPacer(ticker),
                TestCartHttp.allowingLoopback());
    }

    /** The {@link Retrying} the pusher and the catalog refresher call connectors through. */
    static Retrying retrying(int maxAttempts, Duration initialBackoff) {
        return new Retrying(new CallPacer(), maxAttempts, initialBackoff, Duration.ofSeconds(10));
    }

    /** Time that passes only when someone waits on it: hours of Shopify's restore rate run in milliseconds. */
    static final class VirtualTime implements Ticker {

        private final AtomicLong nanos = new AtomicLong();

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public void sleep(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }

        Duration elapsed() {
            return Duration.ofNanos(nanos.get());
        }
    }
}
