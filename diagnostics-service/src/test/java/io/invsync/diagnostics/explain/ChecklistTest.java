package io.invsync.diagnostics.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.invsync.diagnostics.explain.Check.Status;
import io.invsync.diagnostics.explain.Explanation.Quantities;
import io.invsync.diagnostics.explain.Explanation.Verdict;
import io.invsync.events.CartLocation;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.ChannelRules;
import io.invsync.events.RuleOverride;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.InventorySync;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.PushOutcome;
import io.invsync.events.RunStatus;
import io.invsync.events.RunTrigger;
import io.invsync.events.WarehouseObserved;

/** The troubleshooting checklist of DESIGN §5, as a pure function of a {@link Subject}. */
class ChecklistTest {

    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final Duration STALENESS_LIMIT = Duration.ofHours(24);
    static final Duration PENDING_GRACE = Duration.ofMinutes(2);

    static final Duration HOLD_LIMIT = Duration.ofHours(2);

    final Checklist checklist = new Checklist(STALENESS_LIMIT, PENDING_GRACE, HOLD_LIMIT);

    // ---------------------------------------------------------------------------------------------------------
    // Fixture: a healthy baseline that every test changes in one or two places.
    // ---------------------------------------------------------------------------------------------------------

    static Fixture healthy() {
        return new Fixture();
    }

    static WarehouseLevel level(long onHand, long allocated, Instant observedAndLoadedAt) {
        return new WarehouseLevel(onHand, allocated, onHand - allocated, observedAndLoadedAt, observedAndLoadedAt);
    }

    static CartOrderLineReceived order(String orderId, long quantity, Instant placedAt) {
        return new CartOrderLineReceived("m1", orderId, "c1", "A-1", quantity, placedAt, placedAt);
    }

    /** Mutable builder of a {@link Subject}; defaults are the healthy baseline. */
    static final class Fixture {
        String merchantId = "m1";
        String cartId = "c1";
        String aliasValue = "A-1";
        String matchedBy = "SKU";
        List<String> productIds = List.of("P1");

        InventorySync inventorySync = InventorySync.ON;
        boolean merchantKnown = true;

        boolean anyRun = true;
        RunStatus runStatus = RunStatus.SUCCEEDED;
        Instant runStartedAt = NOW.minus(Duration.ofMinutes(15));
        long runRead = 120;
        long runRejected = 0;
        String runError;

        List<String> warehouseIds = new ArrayList<>(List.of("WH-1"));

        boolean cartKnown = true;
        boolean inventoryUploadEnabled = true;
        String syncWarehouse = "WH-1";
        String pushAlias = "SKU";
        long minimumInventoryLevel = 0;
        ChannelRules rules;
        List<RuleOverride> ruleOverrides = new ArrayList<>();

        Map<String, String> aliases = Map.of("SKU", "A-1");
        Map<String, WarehouseLevel> levels = new LinkedHashMap<>(
                Map.of("WH-1", level(10, 3, NOW.minus(Duration.ofMinutes(10)))));
        boolean levelKnown = true;

        List<CartOrderLineReceived> orders = new ArrayList<>();

        boolean cartProductKnown = true;
        boolean cartProductExists = true;
        boolean inventoryTracked = true;
        Long cartQuantity = 7L;
        Instant cartReadAt = NOW.minus(Duration.ofMinutes(5));

        boolean anyResult = true;
        PushOutcome outcome = PushOutcome.PUSHED;
        Long resultQuantity = 7L;
        String reason;
        Instant attemptedAt = NOW.minus(Duration.ofMinutes(1));
        Instant syncedAt = NOW.minus(Duration.ofMinutes(1));

        Instant now = NOW;

        Fixture with(UnaryOperator<Fixture> change) {
            return change.apply(this);
        }

        Subject build() {
            var merchant = merchantKnown ? new MerchantSettingsChanged(merchantId, "Merchant One", inventorySync,
                    Duration.ofMinutes(15), new MerchantSettingsChanged.Wms("HTTP_JSON", "http://wms", "WMS_KEY"),
                    NOW.minus(Duration.ofDays(3))) : null;
            var run = anyRun ? new InventoryRunRecorded(merchantId, "run-42", RunTrigger.SCHEDULED, runStatus,
                    runStartedAt, runStartedAt.plusSeconds(30), runRead, runRead - runRejected, runRejected, runError,
                    List.of(), runStartedAt.plusSeconds(30)) : null;
            List<WarehouseObserved> warehouses = warehouseIds.stream()
                    .map(w -> new WarehouseObserved(merchantId, w, "Warehouse " + w, NOW.minus(Duration.ofDays(3))))
                    .toList();
            var cart = cartKnown ? new CartSettingsChanged(cartId, merchantId, CartType.WEBHOOK, "http://cart", null,
                    "CART_KEY", inventoryUploadEnabled, syncWarehouse, pushAlias, minimumInventoryLevel,
                    NOW.minus(Duration.ofDays(2)), null, rules, ruleOverrides) : null;
            var level = levelKnown ? new InventoryLevelChanged(merchantId, "P1", "A-1", aliases, levels, null,
                    NOW.minus(Duration.ofMinutes(10))) : null;
            var cartProduct = cartProductKnown ? new CartProductObserved(merchantId, cartId, aliasValue,
                    cartProductExists, inventoryTracked, cartProductExists ? "item-1" : null, cartQuantity,
                    cartReadAt) : null;
            var result = anyResult ? new CartPushRecorded(merchantId, cartId, aliasValue, "P1", resultQuantity, outcome,
                    reason, attemptedAt, syncedAt, attemptedAt) : null;
            return new Subject(merchantId, cartId, aliasValue, matchedBy, productIds, merchant, run, warehouses, cart,
                    aliases, level, List.copyOf(orders), cartProduct, result, now);
        }
    }

    Explanation explain(Fixture fixture) {
        return checklist.explain(fixture.build());
    }

    static Check check(Explanation explanation, String id) {
        return explanation.checks().stream().filter(c -> c.id().name().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + id));
    }

    Check check(Fixture fixture, String id) {
        return check(explain(fixture), id);
    }

    /** A FAIL or WARN: the status, a finding naming the values seen, and a remedy to act on. */
    static void assertFlagged(Check check, Status status, String... findingContains) {
        assertThat(check.status()).as(check.id() + ": " + check.finding()).isEqualTo(status);
        assertThat(check.finding()).contains(findingContains);
        assertThat(check.remedy()).as("remedy of " + check.id()).isNotBlank();
    }

    // ---------------------------------------------------------------------------------------------------------
    // The baseline, and the shape of the answer.
    // ---------------------------------------------------------------------------------------------------------

    static Stream<String> everyCheck() {
        return Checklist.ORDER.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCheck")
    void passesEveryCheckOnTheHealthyBaseline(String id) {
        Check check = check(healthy(), id);

        // not a kit, no order in flight and no channel rule: those three have nothing to judge
        Status expected = List.of("KIT_COMPONENTS", "IN_FLIGHT_ORDERS", "CHANNEL_RULES").contains(id) ? Status.SKIP
                : Status.PASS;
        assertThat(check.status()).as(check.finding()).isEqualTo(expected);
        assertThat(check.finding()).isNotBlank();
        assertThat(check.remedy()).isNull();
    }

    @Test
    void aValueAtTwoLocationsIsExplainedByTheOneThatStandsWorstAndEachLocationSaysHowItStands() {
        Subject base = healthy().with(f -> {
            f.warehouseIds = new ArrayList<>(List.of("EAST", "WEST"));
            f.levels = new LinkedHashMap<>(Map.of("EAST", level(3, 0, NOW.minus(Duration.ofMinutes(10))),
                    "WEST", level(4, 0, NOW.minus(Duration.ofMinutes(10)))));
            return f;
        }).build();
        var east = new CartLocation("1", List.of("EAST"));
        var both = new CartLocation("2", List.of("EAST", "WEST"));
        var cart = new CartSettingsChanged("c1", "m1", CartType.SHOPIFY, "http://cart", null, "CART_KEY", true, null,
                "SKU", 0, NOW.minus(Duration.ofDays(2)), List.of(east, both), null, null);
        Instant at = NOW.minus(Duration.ofMinutes(1));
        // location 1 holds the expected 3; location 2 was read holding 5 where 7 is expected (drift)
        Subject atEast = at(base, cart, east, 3L, new CartPushRecorded("m1", "c1", "A-1", "P1", 3L, PushOutcome.PUSHED,
                null, at, at, at, "1"));
        Subject atBoth = at(base, cart, both, 5L, new CartPushRecorded("m1", "c1", "A-1", "P1", 7L, PushOutcome.PUSHED,
                null, at.minusSeconds(60), at.minusSeconds(60), at.minusSeconds(60), "2"));

        Explanation e = checklist.explain(List.of(atEast, atBoth));

        assertThat(e.verdict()).isEqualTo(Verdict.NOT_SYNCED);
        assertThat(e.cause()).isEqualTo("QUANTITY_MATCH");
        assertThat(e.quantities().expected()).isEqualTo(7);
        Check match = e.checks().stream().filter(c -> c.id() == CheckId.QUANTITY_MATCH).findFirst().orElseThrow();
        assertThat(match.finding()).startsWith("Location 2: ").contains("5 but 7 is expected");
        assertThat(e.checks().stream().filter(c -> c.id() == CheckId.MERCHANT_INVENTORY_SYNC).findFirst()
                .orElseThrow().finding()).doesNotStartWith("Location");
        assertThat(e.locations()).extracting(Explanation.Location::location, Explanation.Location::expected,
                Explanation.Location::cart, Explanation.Location::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", 3L, 3L, Verdict.IN_SYNC),
                        org.assertj.core.groups.Tuple.tuple("2", 7L, 5L, Verdict.NOT_SYNCED));
    }

    @Test
    void anAmazonCartsLocationCheckSaysFbaStockIsNeverPushed() {
        Subject base = healthy().build();
        var amazon = new CartSettingsChanged("c1", "m1", CartType.AMAZON, "http://sp-api", "SELLER/MARKET", "AMZ",
                true, "WH-1", "SKU", 0, NOW.minus(Duration.ofDays(2)));
        Subject s = new Subject(base.merchantId(), base.cartId(), base.aliasValue(), base.matchedBy(),
                base.productIds(), base.merchant(), base.lastRun(), base.warehouses(), amazon, base.aliases(),
                base.level(), base.orders(), base.cartProduct(), base.lastResult(), base.now());

        Check check = checklist.explain(s).checks().stream().filter(c -> c.id() == CheckId.CART_SYNC_WAREHOUSE)
                .findFirst().orElseThrow();

        assertThat(check.status()).isEqualTo(Status.PASS);
        assertThat(check.finding()).contains("FBA stock is Amazon's own and never pushed");
    }

    @Test
    void stockInAWarehouseThatFeedsAnotherLocationIsNoFaultOfThisOne() {
        Subject base = healthy().with(f -> {
            f.warehouseIds = new ArrayList<>(List.of("EAST", "WEST"));
            f.levels = new LinkedHashMap<>(Map.of("EAST", level(5, 0, NOW.minus(Duration.ofMinutes(10))),
                    "WEST", level(0, 0, NOW.minus(Duration.ofMinutes(10)))));
            return f;
        }).build();
        var east = new CartLocation("1", List.of("EAST"));
        var west = new CartLocation("2", List.of("WEST"));
        var cart = new CartSettingsChanged("c1", "m1", CartType.SHOPIFY, "http://cart", null, "CART_KEY", true, null,
                "SKU", 0, NOW.minus(Duration.ofDays(2)), List.of(east, west), null, null);
        var onlyWest = new CartSettingsChanged("c1", "m1", CartType.SHOPIFY, "http://cart", null, "CART_KEY", true,
                null, "SKU", 0, NOW.minus(Duration.ofDays(2)), List.of(west), null, null);

        Check fedElsewhere = syncWarehouse(at(base, cart, west, 0L, null));
        Check fedNowhere = syncWarehouse(at(base, onlyWest, west, 0L, null));

        assertThat(fedElsewhere.status()).as(fedElsewhere.finding()).isEqualTo(Status.PASS);
        assertThat(fedNowhere.status()).isEqualTo(Status.FAIL);
        assertThat(fedNowhere.finding()).contains("feed no location of this cart [EAST]");
    }

    private Check syncWarehouse(Subject s) {
        return checklist.explain(s).checks().stream().filter(c -> c.id() == CheckId.CART_SYNC_WAREHOUSE).findFirst()
                .orElseThrow();
    }

    private static Subject at(Subject base, CartSettingsChanged cart, CartLocation place, long cartQuantity,
            CartPushRecorded result) {
        var read = new CartProductObserved("m1", "c1", "A-1", true, true, "item-1", cartQuantity, NOW.minusSeconds(30),
                place.location());
        return new Subject(base.merchantId(), base.cartId(), base.aliasValue(), base.matchedBy(), base.productIds(),
                base.merchant(), base.lastRun(), base.warehouses(), cart, base.aliases(), base.level(), base.orders(),
                read, result, base.now(), place, null);
    }

    @Test
    void isInSyncOnTheHealthyBaseline() {
        Explanation explanation = explain(healthy());

        assertThat(explanation.verdict()).isEqualTo(Verdict.IN_SYNC);
        assertThat(explanation.cause()).isNull();
        assertThat(explanation.merchantId()).isEqualTo("m1");
        assertThat(explanation.cartId()).isEqualTo("c1");
        assertThat(explanation.aliasName()).isEqualTo("SKU");
        assertThat(explanation.aliasValue()).isEqualTo("A-1");
        assertThat(explanation.matchedBy()).isEqualTo("SKU");
        assertThat(explanation.productIds()).containsExactly("P1");
    }

    @Test
    void listsTheChecksOfTheDesignInOrder() {
        assertThat(Checklist.ORDER).containsExactly("QUANTITY_BASIS", "MERCHANT_INVENTORY_SYNC",
                "MERCHANT_LAST_INVENTORY_RUN", "MERCHANT_LAST_RUN_STATUS", "CART_INVENTORY_UPLOAD",
                "CART_SYNC_WAREHOUSE", "SKU_MATCHES_ONE_PRODUCT", "PRODUCT_HAS_PUSH_ALIAS", "WAREHOUSE_LEVEL_LOADED",
                "KIT_COMPONENTS", "IN_FLIGHT_ORDERS", "CHANNEL_RULES", "CART_MINIMUM_INVENTORY_LEVEL", "CART_HAS_SKU",
                "CART_INVENTORY_TRACKING", "CART_LAST_SYNC", "CART_LAST_PUSH", "QUANTITY_MATCH");
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("healthy", healthy()),
                Arguments.of("nothing known", healthy().with(f -> {
                    f.merchantKnown = false;
                    f.anyRun = false;
                    f.cartKnown = false;
                    f.productIds = List.of();
                    f.matchedBy = null;
                    f.aliases = null;
                    f.levelKnown = false;
                    f.cartProductKnown = false;
                    f.anyResult = false;
                    return f;
                })),
                Arguments.of("automatic, duplicate alias", healthy().with(f -> {
                    f.inventorySync = InventorySync.AUTOMATIC;
                    f.productIds = List.of("P1", "P2");
                    f.aliases = null;
                    f.levelKnown = false;
                    return f;
                })),
                Arguments.of("sync off, upload off, stale, tracking off, rejected", healthy().with(f -> {
                    f.inventorySync = InventorySync.OFF;
                    f.inventoryUploadEnabled = false;
                    f.levels.put("WH-1", level(10, 3, NOW.minus(Duration.ofHours(30))));
                    f.inventoryTracked = false;
                    f.outcome = PushOutcome.REJECTED;
                    f.reason = "inventory_quantity must be an integer";
                    return f;
                })),
                Arguments.of("all warehouses", healthy().with(f -> {
                    f.syncWarehouse = CartSettingsChanged.ALL_WAREHOUSES;
                    return f;
                })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void answersEveryCheckExactlyOnceInTheDesignOrder(String scenario, Fixture fixture) {
        Explanation explanation = explain(fixture);

        assertThat(explanation.checks()).extracting(c -> c.id().name()).containsExactlyElementsOf(Checklist.ORDER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void givesEveryFailOrWarnAFindingAndARemedy(String scenario, Fixture fixture) {
        Explanation explanation = explain(fixture);

        assertThat(explanation.checks()).allSatisfy(c -> {
            assertThat(c.finding()).as(c.id().name()).isNotBlank();
            if (c.status() == Status.FAIL || c.status() == Status.WARN) {
                assertThat(c.remedy()).as(c.id().name()).isNotBlank().doesNotContain("{cartId}");
            } else {
                assertThat(c.remedy()).as(c.id().name()).isNull();
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // One nested class per check, in the order of the checklist.
    // ---------------------------------------------------------------------------------------------------------

    @Nested
    class QuantityBasis {

        @Test
        void statesThatAvailableNotOnHandIsCompared() {
            Check check = check(healthy(), "QUANTITY_BASIS");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("available 7", "on hand 10", "allocated 3");
            assertThat(check.evidence()).containsEntry("onHand", 10L).containsEntry("allocated", 3L)
                    .containsEntry("available", 7L);
        }

        @Test
        void neverFailsEvenWhenNoLevelIsKnown() {
            Check check = check(healthy().with(f -> {
                f.levelKnown = false;
                return f;
            }), "QUANTITY_BASIS");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("available").contains("no level");
        }
    }

    @Nested
    class MerchantInventorySync {

        @Test
        void passesWhenInventorySyncIsOnAndNamesThePollInterval() {
            Check check = check(healthy(), "MERCHANT_INVENTORY_SYNC");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("ON", "PT15M");
        }

        @Test
        void failsWhenInventorySyncIsOff() {
            Check check = check(healthy().with(f -> {
                f.inventorySync = InventorySync.OFF;
                return f;
            }), "MERCHANT_INVENTORY_SYNC");

            assertFlagged(check, Status.FAIL, "OFF", "m1");
            assertThat(check.remedy()).contains("inventorySync");
            assertThat(check.evidence()).containsEntry("inventorySync", "OFF");
        }

        @Test
        void failsWhenTheMerchantHasNoSettings() {
            Check check = check(healthy().with(f -> {
                f.merchantKnown = false;
                return f;
            }), "MERCHANT_INVENTORY_SYNC");

            assertFlagged(check, Status.FAIL, "m1");
            assertThat(check.remedy()).contains("/api/merchants/m1");
        }

        @Test
        void passesWhenAutomaticBecauseTheWmsControlsThisStepAndSkipsTheRunChecks() {
            Explanation explanation = explain(healthy().with(f -> {
                f.inventorySync = InventorySync.AUTOMATIC;
                f.anyRun = false;
                return f;
            }));

            Check sync = check(explanation, "MERCHANT_INVENTORY_SYNC");
            assertThat(sync.status()).isEqualTo(Status.PASS);
            assertThat(sync.finding()).contains("AUTOMATIC", "the WMS controls this step");
            assertThat(check(explanation, "MERCHANT_LAST_INVENTORY_RUN").status()).isEqualTo(Status.SKIP);
            assertThat(check(explanation, "MERCHANT_LAST_RUN_STATUS").status()).isEqualTo(Status.SKIP);
            assertThat(explanation.verdict()).isEqualTo(Verdict.IN_SYNC);
        }

        @Test
        void skipsTheRunChecksWhenAutomaticEvenIfTheLastRunFailed() {
            Explanation explanation = explain(healthy().with(f -> {
                f.inventorySync = InventorySync.AUTOMATIC;
                f.runStatus = RunStatus.FAILED;
                f.runError = "connection refused";
                return f;
            }));

            assertThat(check(explanation, "MERCHANT_LAST_INVENTORY_RUN").status()).isEqualTo(Status.SKIP);
            assertThat(check(explanation, "MERCHANT_LAST_RUN_STATUS").status()).isEqualTo(Status.SKIP);
        }
    }

    @Nested
    class MerchantLastInventoryRun {

        @Test
        void passesWithTheStartOfTheLastRun() {
            Check check = check(healthy(), "MERCHANT_LAST_INVENTORY_RUN");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("2026-11-27T11:45:00Z", "SCHEDULED");
            assertThat(check.evidence()).containsEntry("runId", "run-42");
        }

        @Test
        void failsWhenNoRunEverHappened() {
            Explanation explanation = explain(healthy().with(f -> {
                f.anyRun = false;
                return f;
            }));

            Check check = check(explanation, "MERCHANT_LAST_INVENTORY_RUN");
            assertFlagged(check, Status.FAIL, "never");
            assertThat(check.remedy()).contains("/api/merchants/m1/inventory-runs");
            assertThat(check.evidence()).containsEntry("lastInventoryRun", "never");
            assertThat(check(explanation, "MERCHANT_LAST_RUN_STATUS").status()).isEqualTo(Status.SKIP);
        }
    }

    @Nested
    class MerchantLastRunStatus {

        @Test
        void passesWhenTheLastRunSucceededWithItsCounts() {
            Check check = check(healthy(), "MERCHANT_LAST_RUN_STATUS");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("SUCCEEDED", "120 of 120");
        }

        @Test
        void failsWhenTheLastRunFailedAndShowsTheError() {
            Check check = check(healthy().with(f -> {
                f.runStatus = RunStatus.FAILED;
                f.runError = "HTTP 401 from the WMS";
                return f;
            }), "MERCHANT_LAST_RUN_STATUS");

            assertFlagged(check, Status.FAIL, "FAILED", "HTTP 401 from the WMS", "2026-11-27T11:45:00Z");
            assertThat(check.evidence()).containsEntry("status", "FAILED");
        }

        @Test
        void warnsWithTheRejectedCountWhenTheLastRunWasPartial() {
            Check check = check(healthy().with(f -> {
                f.runStatus = RunStatus.PARTIAL;
                f.runRejected = 3;
                return f;
            }), "MERCHANT_LAST_RUN_STATUS");

            assertFlagged(check, Status.WARN, "PARTIAL", "3 of 120");
            assertThat(check.evidence()).containsEntry("rejected", 3L).containsEntry("read", 120L);
        }

        @Test
        void aPartialRunAloneDoesNotMakeTheSkuUnsynced() {
            Explanation explanation = explain(healthy().with(f -> {
                f.runStatus = RunStatus.PARTIAL;
                f.runRejected = 3;
                return f;
            }));

            assertThat(explanation.verdict()).isEqualTo(Verdict.IN_SYNC);
        }
    }

    @Nested
    class CartInventoryUpload {

        @Test
        void failsWhenTheCartsInventoryUploadIsOff() {
            Check check = check(healthy().with(f -> {
                f.inventoryUploadEnabled = false;
                return f;
            }), "CART_INVENTORY_UPLOAD");

            assertFlagged(check, Status.FAIL, "off", "c1");
            assertThat(check.remedy()).contains("inventoryUploadEnabled");
            assertThat(check.evidence()).containsEntry("inventoryUploadEnabled", false);
        }

        @Test
        void failsWhenTheCartHasNoSettings() {
            Check check = check(healthy().with(f -> {
                f.cartKnown = false;
                return f;
            }), "CART_INVENTORY_UPLOAD");

            assertFlagged(check, Status.FAIL, "c1");
            assertThat(check.remedy()).contains("/api/carts/c1");
        }
    }

    @Nested
    class CartSyncWarehouse {

        @Test
        void failsWhenTheCartsWarehouseIsNotAmongTheMerchantsWarehouses() {
            Check check = check(healthy().with(f -> {
                f.syncWarehouse = "WH-9";
                return f;
            }), "CART_SYNC_WAREHOUSE");

            assertFlagged(check, Status.FAIL, "WH-9", "[WH-1]");
            assertThat(check.remedy()).contains("syncWarehouse");
        }

        @Test
        void failsWhenTheProductHasStockOnlyInOtherWarehouses() {
            Check check = check(healthy().with(f -> {
                f.warehouseIds.add("WH-2");
                f.levels.put("WH-1", level(3, 3, NOW.minus(Duration.ofMinutes(10))));
                f.levels.put("WH-2", level(8, 0, NOW.minus(Duration.ofMinutes(10))));
                return f;
            }), "CART_SYNC_WAREHOUSE");

            assertFlagged(check, Status.FAIL, "WH-2", "WH-1");
            assertThat(check.evidence()).containsEntry("stockedIn", List.of("WH-2"));
        }

        @Test
        void passesWhenTheCartsWarehouseHasStockAndOthersDoToo() {
            Check check = check(healthy().with(f -> {
                f.warehouseIds.add("WH-2");
                f.levels.put("WH-2", level(8, 0, NOW.minus(Duration.ofMinutes(10))));
                return f;
            }), "CART_SYNC_WAREHOUSE");

            assertThat(check.status()).isEqualTo(Status.PASS);
        }

        @Test
        void passesWhenTheCartTakesAllWarehouses() {
            Check check = check(healthy().with(f -> {
                f.syncWarehouse = CartSettingsChanged.ALL_WAREHOUSES;
                f.warehouseIds.add("WH-2");
                return f;
            }), "CART_SYNC_WAREHOUSE");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("all 2 warehouses");
        }
    }

    @Nested
    class SkuMatchesOneProduct {

        @Test
        void failsWhenTheValueMatchesNoProduct() {
            Check check = check(healthy().with(f -> {
                f.aliasValue = "A-404";
                f.productIds = List.of();
                f.matchedBy = null;
                f.aliases = null;
                f.levelKnown = false;
                return f;
            }), "SKU_MATCHES_ONE_PRODUCT");

            assertFlagged(check, Status.FAIL, "'A-404'", "do not match the WMS");
        }

        @Test
        void failsOnADuplicateAlias() {
            Check check = check(healthy().with(f -> {
                f.productIds = List.of("P1", "P2");
                f.aliases = null;
                f.levelKnown = false;
                return f;
            }), "SKU_MATCHES_ONE_PRODUCT");

            assertFlagged(check, Status.FAIL, "'A-1'", "2 products", "P1, P2", "SKU", "duplicate alias");
            assertThat(check.remedy()).contains("unique SKU");
            assertThat(check.evidence()).containsEntry("productIds", List.of("P1", "P2"));
        }

        @Test
        void passesNamingTheOneProductAndTheAliasThatMatched() {
            Check check = check(healthy(), "SKU_MATCHES_ONE_PRODUCT");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("P1", "SKU");
        }
    }

    @Nested
    class ProductHasPushAlias {

        @Test
        void failsWhenTheProductLacksTheCartsPushAlias() {
            Explanation explanation = explain(healthy().with(f -> {
                f.pushAlias = "UPC";
                f.matchedBy = "SKU";
                return f;
            }));

            Check check = check(explanation, "PRODUCT_HAS_PUSH_ALIAS");
            assertFlagged(check, Status.FAIL, "UPC", "[SKU]", "ignored");
            assertThat(check.remedy()).contains("UPC", "pushAlias");
            assertThat(explanation.aliasName()).isEqualTo("UPC");
        }

        @Test
        void passesWithTheValueUnderThePushAlias() {
            Check check = check(healthy().with(f -> {
                f.pushAlias = "UPC";
                f.matchedBy = "UPC";
                f.aliasValue = "012345678905";
                f.aliases = Map.of("SKU", "A-1", "UPC", "012345678905");
                return f;
            }), "PRODUCT_HAS_PUSH_ALIAS");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("UPC", "012345678905");
        }
    }

    @Nested
    class WarehouseLevelLoaded {

        @Test
        void failsWhenNoLevelWasLoadedForTheCartsWarehouse() {
            Explanation explanation = explain(healthy().with(f -> {
                f.warehouseIds.add("WH-2");
                f.levels.clear();
                f.levels.put("WH-2", level(8, 0, NOW.minus(Duration.ofMinutes(10))));
                return f;
            }));

            assertFlagged(check(explanation, "WAREHOUSE_LEVEL_LOADED"), Status.FAIL, "WH-1");
            assertThat(explanation.verdict()).isEqualTo(Verdict.NOT_SYNCED);
        }

        @Test
        void failsWhenNoLevelWasLoadedAtAll() {
            Explanation explanation = explain(healthy().with(f -> {
                f.levelKnown = false;
                return f;
            }));

            assertFlagged(check(explanation, "WAREHOUSE_LEVEL_LOADED"), Status.FAIL, "warehouse WH-1");
            assertThat(explanation.cause()).isEqualTo("WAREHOUSE_LEVEL_LOADED");
        }

        @Test
        void warnsWhenTheLevelIsOlderThanTheStalenessLimit() {
            Check check = check(healthy().with(f -> {
                f.levels.put("WH-1", level(10, 3, NOW.minus(Duration.ofHours(30))));
                return f;
            }), "WAREHOUSE_LEVEL_LOADED");

            assertFlagged(check, Status.WARN, "2026-11-26T06:00:00Z", "30 h", "24 h");
            assertThat(check.evidence()).containsEntry("ageSeconds", 30L * 3600);
        }

        @Test
        void passesWithTheTimeTheLevelWasLoaded() {
            Check check = check(healthy(), "WAREHOUSE_LEVEL_LOADED");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("2026-11-27T11:50:00Z");
        }
    }

    @Nested
    class CartMinimumInventoryLevel {

        @Test
        void warnsWhenTheFloorTurnsAPositiveQuantityIntoZero() {
            Explanation explanation = explain(healthy().with(f -> {
                f.minimumInventoryLevel = 10;
                return f;
            }));

            Check check = check(explanation, "CART_MINIMUM_INVENTORY_LEVEL");
            assertFlagged(check, Status.WARN, "10", "7", "0");
            assertThat(check.remedy()).contains("minimumInventoryLevel");
            assertThat(check.evidence()).containsEntry("minimumInventoryLevel", 10L).containsEntry("beforeFloor", 7L)
                    .containsEntry("expected", 0L);
            assertThat(explanation.quantities().expected()).isZero();
        }

        @Test
        void passesWhenTheQuantityReachesTheFloor() {
            Check check = check(healthy().with(f -> {
                f.minimumInventoryLevel = 7;
                return f;
            }), "CART_MINIMUM_INVENTORY_LEVEL");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("7");
        }

        @Test
        void passesWhenThereIsNothingToSellAnyway() {
            Check check = check(healthy().with(f -> {
                f.minimumInventoryLevel = 5;
                f.levels.put("WH-1", level(3, 5, NOW.minus(Duration.ofMinutes(10))));
                return f;
            }), "CART_MINIMUM_INVENTORY_LEVEL");

            assertThat(check.status()).isEqualTo(Status.PASS);
        }
    }

    @Nested
    class CartHasSku {

        @Test
        void failsWhenTheCartSaysItHasNoProductWithThatValue() {
            Check check = check(healthy().with(f -> {
                f.cartProductExists = false;
                f.cartQuantity = null;
                return f;
            }), "CART_HAS_SKU");

            assertFlagged(check, Status.FAIL, "'A-1'");
            assertThat(check.evidence()).containsEntry("exists", false);
        }

        @Test
        void failsWhenTheLastPushFoundTheValueMissingFromTheCart() {
            Check check = check(healthy().with(f -> {
                f.cartProductKnown = false;
                f.outcome = PushOutcome.NOT_IN_CART;
                f.syncedAt = null;
                return f;
            }), "CART_HAS_SKU");

            assertFlagged(check, Status.FAIL, "'A-1'");
        }

        @Test
        void passesWithTheCartsItemReference() {
            Check check = check(healthy(), "CART_HAS_SKU");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("item-1");
        }
    }

    @Nested
    class CartInventoryTracking {

        @Test
        void failsWhenTheCartDoesNotTrackInventoryForTheProduct() {
            Check check = check(healthy().with(f -> {
                f.inventoryTracked = false;
                return f;
            }), "CART_INVENTORY_TRACKING");

            assertFlagged(check, Status.FAIL, "Inventory Enabled: NO");
            assertThat(check.evidence()).containsEntry("inventoryTracked", false);
        }

        @Test
        void failsWhenTheLastPushFoundTrackingDisabled() {
            Check check = check(healthy().with(f -> {
                f.cartProductKnown = false;
                f.outcome = PushOutcome.TRACKING_DISABLED;
                return f;
            }), "CART_INVENTORY_TRACKING");

            assertFlagged(check, Status.FAIL, "Inventory Enabled: NO");
        }

        @Test
        void passesWhenTrackingIsEnabled() {
            Check check = check(healthy(), "CART_INVENTORY_TRACKING");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("Inventory Enabled: YES");
        }
    }

    @Nested
    class CartLastSync {

        @Test
        void failsWhenNeverSynced() {
            Check check = check(healthy().with(f -> {
                f.anyResult = false;
                return f;
            }), "CART_LAST_SYNC");

            assertFlagged(check, Status.FAIL, "never", "'A-1'");
            assertThat(check.remedy()).contains("/api/carts/c1/resync");
            assertThat(check.evidence()).containsEntry("lastSync", "never");
        }

        @Test
        void failsWhenPushesWereAttemptedButNoneWasConfirmed() {
            Check check = check(healthy().with(f -> {
                f.outcome = PushOutcome.FAILED;
                f.reason = "HTTP 503";
                f.syncedAt = null;
                return f;
            }), "CART_LAST_SYNC");

            assertFlagged(check, Status.FAIL, "never");
        }

        @Test
        void warnsWhenTheLastSyncIsOlderThanTheStalenessLimitAndInventoryChangedSince() {
            Check check = check(healthy().with(f -> {
                f.attemptedAt = NOW.minus(Duration.ofHours(30));
                f.syncedAt = NOW.minus(Duration.ofHours(30));
                f.cartReadAt = NOW.minus(Duration.ofHours(31));
                f.levels.put("WH-1", level(10, 3, NOW.minus(Duration.ofHours(2))));
                return f;
            }), "CART_LAST_SYNC");

            assertFlagged(check, Status.WARN, "2026-11-26T06:00:00Z", "30 h");
            assertThat(check.remedy()).contains("/api/carts/c1/resync");
        }

        @Test
        void passesWithTheTimeOfTheLastSync() {
            Check check = check(healthy(), "CART_LAST_SYNC");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("2026-11-27T11:59:00Z");
        }
    }

    @Nested
    class CartLastPush {

        @ParameterizedTest
        @EnumSource(value = PushOutcome.class, names = { "REJECTED", "FAILED" })
        void failsWhenTheLastPushWasRefusedOrGaveUpAndShowsTheCartsReason(PushOutcome outcome) {
            Check check = check(healthy().with(f -> {
                f.outcome = outcome;
                f.reason = "HTTP 422: inventory_quantity must be an integer";
                f.attemptedAt = NOW.minus(Duration.ofSeconds(30));
                return f;
            }), "CART_LAST_PUSH");

            assertFlagged(check, Status.FAIL, outcome.name(), "HTTP 422: inventory_quantity must be an integer",
                    "2026-11-27T11:59:30Z");
            assertThat(check.evidence()).containsEntry("outcome", outcome.name())
                    .containsEntry("reason", "HTTP 422: inventory_quantity must be an integer");
        }

        @Test
        void skipsWhenNoPushWasAttempted() {
            Check check = check(healthy().with(f -> {
                f.anyResult = false;
                return f;
            }), "CART_LAST_PUSH");

            assertThat(check.status()).isEqualTo(Status.SKIP);
        }

        @ParameterizedTest
        @EnumSource(value = PushOutcome.class, names = { "PUSHED", "UNCHANGED" })
        void passesWhenTheCartHasTheQuantity(PushOutcome outcome) {
            Explanation explanation = explain(healthy().with(f -> {
                f.outcome = outcome;
                return f;
            }));

            assertThat(check(explanation, "CART_LAST_PUSH").status()).isEqualTo(Status.PASS);
            assertThat(check(explanation, "CART_LAST_PUSH").finding()).contains(outcome.name());
            assertThat(explanation.verdict()).isEqualTo(Verdict.IN_SYNC);
        }
    }

    @Nested
    class QuantityMatch {

        @Test
        void failsWhenTheCartShowsAnotherQuantityThanExpected() {
            Explanation explanation = explain(healthy().with(f -> {
                f.cartQuantity = 5L;
                f.cartReadAt = NOW.minus(Duration.ofSeconds(10));
                return f;
            }));

            Check check = check(explanation, "QUANTITY_MATCH");
            assertFlagged(check, Status.FAIL, "shows 5", "7 is expected", "drift",
                    NOW.minus(Duration.ofSeconds(10)).toString());
            assertThat(check.remedy()).contains("POST /api/carts/c1/reconcile", "/api/carts/c1/resync");
            assertThat(check.evidence()).containsEntry("expected", 7L).containsEntry("cart", 5L)
                    .containsEntry("source", "cart read")
                    .containsEntry("cartReadAt", NOW.minus(Duration.ofSeconds(10)).toString());
            assertThat(explanation.quantities().cartReadAt()).isEqualTo(NOW.minus(Duration.ofSeconds(10)));
            assertThat(explanation.verdict()).isEqualTo(Verdict.NOT_SYNCED);
            assertThat(explanation.cause()).isEqualTo("QUANTITY_MATCH");
        }

        @Test
        void failsWhenTheCartsQuantityIsUnknown() {
            Check check = check(healthy().with(f -> {
                f.anyResult = false;
                f.cartQuantity = null;
                return f;
            }), "QUANTITY_MATCH");

            assertFlagged(check, Status.FAIL, "not known", "7");
        }

        @Test
        void skipsWhenNothingIsExpected() {
            Check check = check(healthy().with(f -> {
                f.levelKnown = false;
                return f;
            }), "QUANTITY_MATCH");

            assertThat(check.status()).isEqualTo(Status.SKIP);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The verdict.
    // ---------------------------------------------------------------------------------------------------------

    @Nested
    class TheVerdict {

        @Test
        void namesTheFirstFailAsTheCauseWhenTwoChecksFail() {
            Explanation explanation = explain(healthy().with(f -> {
                f.inventoryUploadEnabled = false;
                f.productIds = List.of("P1", "P2");
                f.aliases = null;
                f.levelKnown = false;
                return f;
            }));

            assertThat(check(explanation, "CART_INVENTORY_UPLOAD").status()).isEqualTo(Status.FAIL);
            assertThat(check(explanation, "SKU_MATCHES_ONE_PRODUCT").status()).isEqualTo(Status.FAIL);
            assertThat(explanation.verdict()).isEqualTo(Verdict.NOT_SYNCED);
            assertThat(explanation.cause()).isEqualTo("CART_INVENTORY_UPLOAD");
        }

        @Test
        void namesTheFirstFailEvenWhenItComesAfterAWarn() {
            Explanation explanation = explain(healthy().with(f -> {
                f.runStatus = RunStatus.PARTIAL;
                f.runRejected = 3;
                f.inventoryTracked = false;
                return f;
            }));

            assertThat(explanation.verdict()).isEqualTo(Verdict.NOT_SYNCED);
            assertThat(explanation.cause()).isEqualTo("CART_INVENTORY_TRACKING");
        }

        @Test
        void staysInSyncWithWarningsOnly() {
            Explanation explanation = explain(healthy().with(f -> {
                f.levels.put("WH-1", level(10, 3, NOW.minus(Duration.ofHours(30))));
                return f;
            }));

            assertThat(check(explanation, "WAREHOUSE_LEVEL_LOADED").status()).isEqualTo(Status.WARN);
            assertThat(explanation.verdict()).isEqualTo(Verdict.IN_SYNC);
            assertThat(explanation.cause()).isNull();
        }

        /** A new level (available 9) loaded 30 s ago, after the last push (7, a minute ago). */
        Fixture levelLoadedAfterTheLastPush() {
            return healthy().with(f -> {
                f.levels.put("WH-1", level(12, 3, NOW.minus(Duration.ofSeconds(30))));
                return f;
            });
        }

        @Test
        void isPendingWhenTheLevelWasLoadedAfterTheLastPushWithinTheGracePeriod() {
            Explanation explanation = explain(levelLoadedAfterTheLastPush());

            assertThat(check(explanation, "QUANTITY_MATCH").status()).isEqualTo(Status.FAIL);
            assertThat(explanation.checks()).filteredOn(c -> c.status() == Status.FAIL).extracting(c -> c.id().name())
                    .containsExactly("QUANTITY_MATCH");
            assertThat(explanation.verdict()).isEqualTo(Verdict.PENDING);
            assertThat(explanation.cause()).isNull();
            assertThat(explanation.quantities().expected()).isEqualTo(9L);
            assertThat(explanation.quantities().cart()).isEqualTo(7L);
        }

        @Test
        void isPendingWhenNeverSyncedAndTheLevelJustArrived() {
            Explanation explanation = explain(levelLoadedAfterTheLastPush().with(f -> {
                f.anyResult = false;
                return f;
            }));

            assertThat(explanation.checks()).filteredOn(c -> c.status() == Status.FAIL).extracting(c -> c.id().name())
                    .containsExactly("CART_LAST_SYNC", "QUANTITY_MATCH");
            assertThat(explanation.verdict()).isEqualTo(Verdict.PENDING);
        }

        @Test
        void isNotSyncedOnceTheGracePeriodHasPassed() {
            Explanation explanation = explain(levelLoadedAfterTheLastPush().with(f -> {
                f.now = NOW.plus(PENDING_GRACE);
                return f;
            }));

            assertThat(explanation.verdict()).isEqualTo(Verdict.NOT_SYNCED);
            assertThat(explanation.cause()).isEqualTo("QUANTITY_MATCH");
        }

        @Test
        void isNotSyncedWhenTheLastPushCameAfterTheLevel() {
            Explanation explanation = explain(healthy().with(f -> {
                f.levels.put("WH-1", level(12, 3, NOW.minus(Duration.ofSeconds(90))));
                f.attemptedAt = NOW.minus(Duration.ofSeconds(30));
                f.syncedAt = NOW.minus(Duration.ofSeconds(30));
                return f;
            }));

            assertThat(explanation.verdict()).isEqualTo(Verdict.NOT_SYNCED);
            assertThat(explanation.cause()).isEqualTo("QUANTITY_MATCH");
        }

        @Test
        void isNotSyncedWhenAnotherCheckFailsDuringTheGracePeriod() {
            Explanation explanation = explain(levelLoadedAfterTheLastPush().with(f -> {
                f.inventoryTracked = false;
                return f;
            }));

            assertThat(explanation.verdict()).isEqualTo(Verdict.NOT_SYNCED);
            assertThat(explanation.cause()).isEqualTo("CART_INVENTORY_TRACKING");
        }
    }

    @Nested
    class TheChannelRules {

        @Test
        void skipsWhenNoRuleOrOverrideApplies() {
            assertThat(check(healthy(), "CHANNEL_RULES").status()).isEqualTo(Status.SKIP);
        }

        @Test
        void warnsWithEachStepAndItsNumbersWhenTheRulesChangedTheQuantity() {
            // available 7: buffer 2 → 5, 50 % → 2, maximum 1 → 1
            Explanation explanation = explain(healthy().with(f -> {
                f.rules = new ChannelRules(2L, 50, 1L);
                f.cartQuantity = 1L;
                f.resultQuantity = 1L;
                return f;
            }));

            assertFlagged(check(explanation, "CHANNEL_RULES"), Status.WARN, "buffer 2: 7 → 5", "50%: 5 → 2",
                    "maximum 1: 2 → 1");
            assertThat(explanation.quantities().afterRules()).isEqualTo(1L);
            assertThat(explanation.quantities().expected()).isEqualTo(1L);
            assertThat(explanation.verdict()).isEqualTo(Verdict.IN_SYNC);
        }

        @Test
        void passesWhenTheRulesLeaveTheQuantityAsItIs() {
            Check check = check(healthy().with(f -> {
                f.rules = new ChannelRules(null, null, 100L);
                return f;
            }), "CHANNEL_RULES");

            assertThat(check.status()).isEqualTo(Status.PASS);
            assertThat(check.finding()).contains("maximum 100: 7 → 7");
        }

        @Test
        void namesTheOverrideThatMatchedAndItsFixedQuantity() {
            Explanation explanation = explain(healthy().with(f -> {
                f.rules = new ChannelRules(2L, null, null);
                f.ruleOverrides.add(new RuleOverride("B-*", null, null, null, null, 50L));
                f.ruleOverrides.add(new RuleOverride("A-*", null, null, null, null, 0L));
                return f;
            }));

            Check rules = check(explanation, "CHANNEL_RULES");
            assertFlagged(rules, Status.WARN, "Override 'A-*'", "fixed quantity 0");
            assertThat(rules.remedy()).contains("A-*", "ruleOverrides");
            assertThat(explanation.quantities().expected()).isZero();
            assertThat(check(explanation, "CART_MINIMUM_INVENTORY_LEVEL").status()).isEqualTo(Status.SKIP);
            // the cart still shows 7: the override is why 0 is expected
            assertThat(explanation.cause()).isEqualTo("QUANTITY_MATCH");
        }

        @Test
        void appliesTheFloorAfterTheRules() {
            Explanation explanation = explain(healthy().with(f -> {
                f.rules = new ChannelRules(null, 50, null);
                f.minimumInventoryLevel = 4;
                return f;
            }));

            // 7 at 50 % is 3, below the floor 4
            assertFlagged(check(explanation, "CART_MINIMUM_INVENTORY_LEVEL"), Status.WARN, "floor 4 turned 3 into 0");
            assertThat(explanation.quantities().afterRules()).isEqualTo(3L);
            assertThat(explanation.quantities().expected()).isZero();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The quantities, from the WMS's figures to what the cart shows.
    // ---------------------------------------------------------------------------------------------------------

    @Nested
    class TheQuantities {

        @Test
        void breaksDownOneWarehouseFromOnHandToTheCart() {
            Quantities q = explain(healthy()).quantities();

            assertThat(q).isEqualTo(new Quantities(10L, 3L, 7L, 0L, 7L, 7L, 7L, 7L, NOW.minus(Duration.ofMinutes(5))));
        }

        @Test
        void subtractsOnlyOrdersPlacedAfterTheSnapshot() {
            Quantities q = explain(healthy().with(f -> {
                f.orders.add(order("o-old", 4, NOW.minus(Duration.ofMinutes(20))));
                f.orders.add(order("o-new-1", 2, NOW.minus(Duration.ofMinutes(5))));
                f.orders.add(order("o-new-2", 1, NOW.minus(Duration.ofMinutes(4))));
                return f;
            })).quantities();

            assertThat(q.available()).isEqualTo(7L);
            assertThat(q.inFlightOrders()).isEqualTo(3L);
            assertThat(q.expected()).isEqualTo(4L);
        }

        @Test
        void anOrderOlderThanTheHoldLimitNoLongerHoldsStock() {
            Quantities q = explain(healthy().with(f -> {
                f.levels.put("WH-1", level(10, 3, NOW.minus(Duration.ofHours(3))));
                f.orders.add(order("o-stale", 4, NOW.minus(HOLD_LIMIT).minusSeconds(1)));
                f.orders.add(order("o-held", 1, NOW.minus(Duration.ofMinutes(30))));
                return f;
            })).quantities();

            assertThat(q.inFlightOrders()).isEqualTo(1L);
            assertThat(q.expected()).isEqualTo(6L);
        }

        @Test
        void warnsOfInFlightOrdersWithTheirUnitsTheOldestAndWhenTheHoldEnds() {
            Check inFlight = check(explain(healthy().with(f -> {
                f.orders.add(order("o-1", 2, NOW.minus(Duration.ofMinutes(5))));
                f.orders.add(order("o-2", 1, NOW.minus(Duration.ofMinutes(4))));
                return f;
            })), "IN_FLIGHT_ORDERS");

            String oldest = NOW.minus(Duration.ofMinutes(5)).toString();
            String ends = NOW.minus(Duration.ofMinutes(5)).plus(HOLD_LIMIT).toString();
            assertFlagged(inFlight, Status.WARN, "hold back 3 units", "oldest placed at " + oldest, "ends at " + ends,
                    "PT2H");
            assertThat(inFlight.evidence()).containsEntry("holdEndsAt", ends).containsEntry("oldestPlacedAt", oldest)
                    .containsEntry("inFlightOrders", 3L);
        }

        @Test
        void skipsInFlightOrdersWhenNoneHoldsStockBack() {
            Check inFlight = check(explain(healthy().with(f -> {
                // placed before the WMS's figures were observed: they hold it already
                f.orders.add(order("o-1", 2, NOW.minus(Duration.ofHours(1))));
                return f;
            })), "IN_FLIGHT_ORDERS");

            assertThat(inFlight.status()).isEqualTo(Status.SKIP);
        }

        @Test
        void appliesTheFloorAfterTheInFlightOrders() {
            Explanation explanation = explain(healthy().with(f -> {
                f.minimumInventoryLevel = 5;
                f.orders.add(order("o-1", 3, NOW.minus(Duration.ofMinutes(5))));
                return f;
            }));

            assertThat(explanation.quantities().expected()).isZero();
            Check floor = check(explanation, "CART_MINIMUM_INVENTORY_LEVEL");
            assertThat(floor.status()).isEqualTo(Status.WARN);
            assertThat(floor.finding()).contains("floor 5", "turned 4 into 0");
        }

        @Test
        void keepsTheFullQuantityAtTheFloor() {
            Quantities q = explain(healthy().with(f -> {
                f.minimumInventoryLevel = 5;
                f.orders.add(order("o-1", 2, NOW.minus(Duration.ofMinutes(5))));
                return f;
            })).quantities();

            assertThat(q.expected()).isEqualTo(5L);
        }

        @Test
        void expectsZeroForNegativeAvailable() {
            Explanation explanation = explain(healthy().with(f -> {
                f.levels.put("WH-1", level(2, 5, NOW.minus(Duration.ofMinutes(10))));
                f.resultQuantity = 0L;
                f.cartQuantity = 0L;
                return f;
            }));

            assertThat(explanation.quantities().available()).isEqualTo(-3L);
            assertThat(explanation.quantities().expected()).isZero();
            assertThat(explanation.verdict()).isEqualTo(Verdict.IN_SYNC);
        }

        @Test
        void sumsEveryWarehouseWhenTheCartTakesAll() {
            Explanation explanation = explain(healthy().with(f -> {
                f.syncWarehouse = CartSettingsChanged.ALL_WAREHOUSES;
                f.warehouseIds.add("WH-2");
                f.warehouseIds.add("WH-3");
                f.levels.put("WH-2", level(5, 1, NOW.minus(Duration.ofMinutes(20))));
                f.levels.put("WH-3", level(0, 2, NOW.minus(Duration.ofMinutes(20))));
                // after WH-2's and WH-3's snapshots but before WH-1's (the newest): already in the WMS's figures
                f.orders.add(order("o-old", 4, NOW.minus(Duration.ofMinutes(15))));
                f.orders.add(order("o-new", 1, NOW.minus(Duration.ofMinutes(5))));
                f.resultQuantity = 8L;
                f.cartQuantity = 8L;
                return f;
            }));

            assertThat(explanation.quantities()).isEqualTo(new Quantities(15L, 6L, 9L, 1L, 8L, 8L, 8L, 8L, NOW.minus(Duration.ofMinutes(5))));
            assertThat(check(explanation, "QUANTITY_BASIS").finding()).contains("available 9", "on hand 15",
                    "allocated 6");
            assertThat(explanation.verdict()).isEqualTo(Verdict.IN_SYNC);
        }

        @Test
        void takesTheCartsOwnReadWhenItIsNewerThanTheLastPush() {
            Quantities q = explain(healthy().with(f -> {
                f.cartQuantity = 4L;
                f.cartReadAt = NOW.minus(Duration.ofSeconds(10));
                return f;
            })).quantities();

            assertThat(q.pushed()).isEqualTo(7L);
            assertThat(q.cart()).isEqualTo(4L);
        }

        @Test
        void takesThePushedQuantityWhenTheCartsReadIsOlder() {
            Quantities q = explain(healthy().with(f -> {
                f.cartQuantity = 4L;
                f.cartReadAt = NOW.minus(Duration.ofMinutes(10));
                return f;
            })).quantities();

            assertThat(q.cart()).isEqualTo(7L);
        }

        @Test
        void hasNoPushedQuantityWhenTheLastPushWasRejected() {
            Quantities q = explain(healthy().with(f -> {
                f.outcome = PushOutcome.REJECTED;
                f.reason = "bad quantity";
                return f;
            })).quantities();

            assertThat(q.pushed()).isNull();
            assertThat(q.cart()).isEqualTo(7L);
        }

        @Test
        void leavesUnknownFiguresNullWhenNoLevelIsKnown() {
            Quantities q = explain(healthy().with(f -> {
                f.levelKnown = false;
                return f;
            })).quantities();

            assertThat(q).isEqualTo(new Quantities(null, null, null, null, null, null, 7L, 7L, NOW.minus(Duration.ofMinutes(5))));
        }

        @Test
        void leavesUnknownFiguresNullWhenTheCartsWarehouseHasNoLevel() {
            Quantities q = explain(healthy().with(f -> {
                f.warehouseIds.add("WH-2");
                f.levels.clear();
                f.levels.put("WH-2", level(8, 0, NOW.minus(Duration.ofMinutes(10))));
                return f;
            })).quantities();

            assertThat(q.onHand()).isNull();
            assertThat(q.allocated()).isNull();
            assertThat(q.available()).isNull();
            assertThat(q.expected()).isNull();
        }
    }

    @Test
    void merchantChecksAreTheThreeMerchantLinesOfTheChecklist() {
        List<Check> checks = checklist.merchantChecks(healthy().with(f -> {
            f.runStatus = RunStatus.FAILED;
            f.runError = "timeout";
            return f;
        }).build());

        assertThat(checks).extracting(c -> c.id().name()).containsExactly("MERCHANT_INVENTORY_SYNC",
                "MERCHANT_LAST_INVENTORY_RUN", "MERCHANT_LAST_RUN_STATUS");
        assertThat(checks).extracting(Check::status).containsExactly(Status.PASS, Status.PASS, Status.FAIL);
    }
}
