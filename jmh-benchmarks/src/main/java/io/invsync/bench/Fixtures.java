package io.invsync.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.CartLocation;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.ChannelRules;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.PushOutcome;
import io.invsync.events.RuleOverride;

/**
 * The values the benchmarks work on, shaped like the local-stack benchmark's: ids of realistic length, a WMS
 * observedAt in whole seconds and a loadedAt with a fraction (as {@code Instant.now()} gives), five warehouses.
 */
final class Fixtures {

    static final Instant OBSERVED = Instant.parse("2026-12-02T10:15:30Z");
    static final Instant LOADED = Instant.parse("2026-12-02T10:15:31.482913Z");
    static final String MERCHANT = "merchant-0001";
    static final String SKU = "SKU-0001234";
    static final String PRODUCT = "P-0001234";
    static final List<String> WAREHOUSES = List.of("WH-EAST", "WH-WEST", "WH-NORTH", "WH-SOUTH", "WH-CENTRAL");
    static final Duration HOLD_LIMIT = Duration.ofHours(2);

    private Fixtures() {
    }

    static AvailableQuantityObserved observation() {
        return new AvailableQuantityObserved(MERCHANT, "WH-EAST", PRODUCT, SKU, 120, 7, 113, OBSERVED,
                "7f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b");
    }

    /** A product that is not a kit, reported by every one of the five warehouses. */
    static InventoryLevelChanged level() {
        Map<String, WarehouseLevel> warehouses = new LinkedHashMap<>();
        for (int i = 0; i < WAREHOUSES.size(); i++) {
            long onHand = 40 + 17L * i;
            long allocated = i;
            warehouses.put(WAREHOUSES.get(i),
                    new WarehouseLevel(onHand, allocated, onHand - allocated, OBSERVED, LOADED.plusMillis(i)));
        }
        return new InventoryLevelChanged(MERCHANT, PRODUCT, SKU, Map.of("SKU", SKU, "UPC", "012345678905"),
                warehouses, null, OBSERVED, null, "7f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b");
    }

    static CartPushRecorded pushResult() {
        return new CartPushRecorded(MERCHANT, "cart-shopify-01", SKU, PRODUCT, 113L, PushOutcome.PUSHED, null,
                LOADED.plusSeconds(2), LOADED.plusSeconds(2), OBSERVED, CartLocation.DEFAULT_LOCATION);
    }

    /**
     * A cart with channel rules (buffer, percent, maximum) and two overrides, the second of which matches the SKU
     * (so the first is tried and passed over, as in a cart with several).
     */
    static CartSettingsChanged cartWithRules() {
        return new CartSettingsChanged("cart-shopify-01", MERCHANT, CartType.SHOPIFY, "https://shop.example", null,
                "REF", true, CartSettingsChanged.ALL_WAREHOUSES, "SKU", 3, OBSERVED, null,
                new ChannelRules(2L, 90, 500L),
                List.of(new RuleOverride("GIFT-*", null, null, null, null, 0L),
                        new RuleOverride("SKU-000*", 5L, null, null, 4L, null)));
    }

    static CartLocation allWarehouses() {
        return new CartLocation(null, List.of(CartSettingsChanged.ALL_WAREHOUSES));
    }

    /** {@code count} order lines of the SKU placed after the snapshot, all still within the hold limit at now. */
    static List<CartOrderLineReceived> orders(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new CartOrderLineReceived(MERCHANT, "order-" + (1000 + i), "cart-shopify-01", SKU,
                        1 + i, OBSERVED.plusSeconds(60 + i), OBSERVED.plusSeconds(61 + i)))
                .toList();
    }

    /** When the rules are judged: after every order line, before any hold ends. */
    static Instant now() {
        return OBSERVED.plusSeconds(600);
    }
}
