package io.invsync.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.invsync.diagnostics.explain.Checklist;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.Kit;
import io.invsync.events.InventorySync;
import io.invsync.events.PushOutcome;
import io.invsync.events.RunStatus;
import tools.jackson.databind.JsonNode;

/**
 * Every check of DESIGN §5 against the running service: each scenario is published as real events to the topics,
 * read by the service's consumers, and explained over REST. One healthy baseline passes every check; each other
 * scenario changes the baseline so that one check fails (or warns, where the check only warns).
 */
class ExplanationScenariosTest extends BrokerTestSupport {

    /** Built when the class's tests start (not when it is loaded), so that "now" in them is now. */
    private final Map<String, Scenario> scenarios = new LinkedHashMap<>();

    private void scenario(String name, java.util.function.Consumer<Scenario> change) {
        scenarios.put(name, Scenario.of(name, change));
    }

    @BeforeAll
    void publishEveryScenario() {
        scenario("baseline", s -> { });
        scenario("sync-off", s -> s.inventorySync = InventorySync.OFF);
        scenario("sync-automatic", s -> s.inventorySync = InventorySync.AUTOMATIC);
        scenario("never-ran", s -> s.runStatus = null);
        scenario("run-failed", s -> {
            s.runStatus = RunStatus.FAILED;
            s.runError = "WMS answered 503 Service Unavailable";
        });
        scenario("run-partial", s -> {
            s.runStatus = RunStatus.PARTIAL;
            s.runRejected = 2;
        });
        scenario("upload-off", s -> s.cartUploadEnabled = false);
        scenario("unknown-warehouse", s -> s.syncWarehouse = "WH-9");
        scenario("stock-elsewhere", s -> {
            s.warehouses = List.of("WH-1", "WH-2");
            s.levels = new LinkedHashMap<>(Map.of("WH-1", new long[] {0, 0}, "WH-2", new long[] {5, 0}));
            s.cartQuantity = 0L;
            s.pushedQuantity = 0L;
        });
        scenario("duplicate-alias", s -> s.productsWithSku = List.of(s.productId, "P-other"));
        scenario("no-push-alias", s -> s.pushAlias = "UPC");
        scenario("upc-push-alias", s -> {
            s.pushAlias = "UPC";
            s.extraAliases.put("UPC", "0001-" + s.name);
            s.cartValue = "0001-" + s.name;
        });
        scenario("no-level", s -> s.levels.clear());
        scenario("stale-level", s -> {
            s.levelObservedAt = s.now.minus(Duration.ofDays(2));
            s.levelLoadedAt = s.levelObservedAt;
        });
        scenario("floor-zeroes", s -> {
            s.minimumInventoryLevel = 10;
            s.cartQuantity = 0L;
            s.pushedQuantity = 0L;
        });
        scenario("not-in-cart", s -> {
            s.cartProductExists = false;
            s.cartQuantity = null;
            s.outcome = PushOutcome.NOT_IN_CART;
            s.pushedQuantity = null;
            s.syncedAt = null;
        });
        scenario("tracking-off", s -> {
            s.inventoryTracked = false;
            s.outcome = PushOutcome.TRACKING_DISABLED;
            s.pushedQuantity = null;
            s.syncedAt = null;
        });
        scenario("never-synced", s -> s.outcome = null);
        scenario("push-rejected", s -> {
            s.outcome = PushOutcome.REJECTED;
            s.pushReason = "422 inventory_quantity must be a whole number";
            s.syncedAt = s.now.minus(Duration.ofHours(1));
        });
        scenario("cart-differs", s -> {
            s.cartQuantity = 5L;
            s.cartReadAt = s.now.minus(Duration.ofSeconds(30));
        });
        scenario("several-fail", s -> {
            s.cartUploadEnabled = false;
            s.inventoryTracked = false;
            s.cartQuantity = 5L;
            s.cartReadAt = s.now.minus(Duration.ofSeconds(30));
        });
        // a new level (available 9) arrived just now, after the last push: the cart has not caught up yet
        scenario("pending", s -> {
            s.levels = new LinkedHashMap<>(Map.of("WH-1", new long[] {12, 3}));
            s.levelObservedAt = s.now.minus(Duration.ofSeconds(5));
            s.levelLoadedAt = s.now;
        });

        // a kit of 2 × MUG + 1 × BOX whose level inventory-service computed in WH-1: MUG 7 allows 3, BOX 5 allows 5
        scenario("kit", s -> {
            s.kit = new InventoryLevelChanged.Kit(List.of(new Kit.Component("MUG-" + s.name, 2, "P-MUG"),
                    new Kit.Component("BOX-" + s.name, 1, "P-BOX")), Map.of("WH-1", new Kit.KitWarehouse(3,
                    new Kit.LimitingComponent("MUG-" + s.name, "P-MUG", 7, 2, 3), null)));
            s.levels = new LinkedHashMap<>(Map.of("WH-1", new long[] {3, 0}));
            s.cartQuantity = 3L;
            s.pushedQuantity = 3L;
        });
        scenario("kit-unknown-component", s -> {
            s.kit = new InventoryLevelChanged.Kit(List.of(new Kit.Component("MUG-" + s.name, 2, "P-MUG"),
                    new Kit.Component("LID-" + s.name, 1, null)), Map.of("WH-1", new Kit.KitWarehouse(0,
                    new Kit.LimitingComponent("LID-" + s.name, null, 0, 1, 0), null)));
            s.levels = new LinkedHashMap<>(Map.of("WH-1", new long[] {0, 0}));
            s.cartQuantity = 0L;
            s.pushedQuantity = 0L;
        });
        // an order of 2 taken after the WMS's figures: 7 − 2 = 5 in the cart
        scenario("order-in-flight", s -> {
            s.orderQuantity = 2L;
            s.cartQuantity = 5L;
            s.pushedQuantity = 5L;
        });
        // buffer 2 then 50 %: 7 → 5 → 2
        scenario("rules", s -> {
            s.rules = new io.invsync.events.ChannelRules(2L, 50, null);
            s.cartQuantity = 2L;
            s.pushedQuantity = 2L;
        });
        // the cart pushes by UPC; the product gave up UPC 0001-…: the cart's value was pushed (7) and is left as is
        scenario("upc-vacated", s -> {
            s.pushAlias = "UPC";
            s.vacatedValue = "0001-" + s.name;
            s.cartValue = "0001-" + s.name;
        });

        Events events = events();
        scenarios.values().forEach(s -> s.publish(events));
    }

    /** Waits until the explanation satisfies the condition (its events arrive on different consumers). */
    private JsonNode explanationWhen(Scenario scenario, Predicate<JsonNode> condition) {
        return explanationWhen(scenario, scenario.lookupValue(), condition);
    }

    private JsonNode explanationWhen(Scenario scenario, String value, Predicate<JsonNode> condition) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            last.set(explain(scenario, value));
            assertThat(condition.test(last.get())).as("explanation of %s: %s", scenario, last.get()).isTrue();
        });
        return last.get();
    }

    private static Predicate<JsonNode> causeIs(String id) {
        return e -> id.equals(e.path("cause").asString(null));
    }

    private static Predicate<JsonNode> inSync() {
        return e -> "IN_SYNC".equals(e.get("verdict").asString());
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void passesEveryCheckAndIsInSyncOnTheBaseline() {
        Scenario baseline = scenarios.get("baseline");
        JsonNode e = explanationWhen(baseline,
                x -> inSync().test(x) && !x.get("quantities").get("cart").isNull());

        List<String> statuses = new ArrayList<>();
        e.get("checks").forEach(c -> statuses.add(c.get("id").asString() + "=" + c.get("status").asString()));
        // Not a kit, no order in flight, no rule: those checks do not apply (DESIGN §5): SKIP, never PASS.
        Set<String> notApplicable = Set.of("KIT_COMPONENTS", "IN_FLIGHT_ORDERS", "CHANNEL_RULES");
        assertThat(statuses).containsExactlyElementsOf(Checklist.ORDER.stream()
                .map(id -> id + (notApplicable.contains(id.toString()) ? "=SKIP" : "=PASS")).toList());
        assertThat(e.get("cause").isNull()).isTrue();
        assertThat(e.get("matchedBy").asString()).isEqualTo("SKU");
        assertThat(e.get("productIds").get(0).asString()).isEqualTo(baseline.productId);
        JsonNode q = e.get("quantities");
        assertThat(List.of(q.get("onHand").asLong(), q.get("allocated").asLong(), q.get("available").asLong(),
                q.get("inFlightOrders").asLong(), q.get("expected").asLong(), q.get("pushed").asLong(),
                q.get("cart").asLong())).containsExactly(10L, 3L, 7L, 0L, 7L, 7L, 7L);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("MERCHANT_INVENTORY_SYNC", "sync-off", "Inventory sync is OFF"),
                Arguments.of("MERCHANT_LAST_INVENTORY_RUN", "never-ran", "never"),
                Arguments.of("MERCHANT_LAST_RUN_STATUS", "run-failed", "WMS answered 503"),
                Arguments.of("CART_INVENTORY_UPLOAD", "upload-off", "upload service is off"),
                Arguments.of("CART_SYNC_WAREHOUSE", "unknown-warehouse", "[WH-9] not among the merchant's warehouses"),
                Arguments.of("CART_SYNC_WAREHOUSE", "stock-elsewhere", "only in warehouses that feed no location of this cart [WH-2]"),
                Arguments.of("SKU_MATCHES_ONE_PRODUCT", "duplicate-alias", "P-other"),
                Arguments.of("PRODUCT_HAS_PUSH_ALIAS", "no-push-alias", "has no UPC alias"),
                Arguments.of("WAREHOUSE_LEVEL_LOADED", "no-level", "WH-1"),
                Arguments.of("KIT_COMPONENTS", "kit-unknown-component", "[LID-kit-unknown-component]"),
                Arguments.of("SKU_MATCHES_ONE_PRODUCT", "upc-vacated", "was the UPC of product P-upc-vacated until"),
                Arguments.of("CART_HAS_SKU", "not-in-cart", "has no product"),
                Arguments.of("CART_INVENTORY_TRACKING", "tracking-off", "Inventory Enabled: NO"),
                Arguments.of("CART_LAST_SYNC", "never-synced", "never"),
                Arguments.of("CART_LAST_PUSH", "push-rejected", "422 inventory_quantity"),
                Arguments.of("QUANTITY_MATCH", "cart-differs", "shows 5 but 7 is expected"));
    }

    @ParameterizedTest(name = "{0} fails in scenario {1}")
    @MethodSource("failures")
    void failsTheCheckAndNamesItAsTheCause(String id, String scenarioName, String findingContains) {
        JsonNode e = explanationWhen(scenarios.get(scenarioName), causeIs(id));

        JsonNode check = check(e, id);
        assertThat(e.get("verdict").asString()).isEqualTo("NOT_SYNCED");
        assertThat(check.get("status").asString()).isEqualTo("FAIL");
        assertThat(check.get("finding").asString()).contains(findingContains);
        assertThat(check.get("remedy").asString()).isNotBlank();
        // the first FAIL is the cause: nothing before it failed
        for (String earlier : Checklist.ORDER.subList(0, Checklist.ORDER.indexOf(id))) {
            assertThat(statusOf(e, earlier)).as(earlier).isNotEqualTo("FAIL");
        }
    }

    @Test
    void passesAKitNamingItsLimitingComponentWithItsNumbers() {
        JsonNode e = explanationWhen(scenarios.get("kit"), inSync());

        JsonNode check = check(e, "KIT_COMPONENTS");
        assertThat(check.get("status").asString()).isEqualTo("PASS");
        assertThat(check.get("finding").asString()).contains("2 × MUG-kit + 1 × BOX-kit")
                .contains("WH-1: MUG-kit limits it, 7 available ÷ 2 = 3 kits");
        assertThat(statusOf(explanationWhen(scenarios.get("baseline"), inSync()), "KIT_COMPONENTS")).isEqualTo("SKIP");
    }

    @Test
    void warnsOfAnOrderInFlightWithItsUnitsAndWhenTheHoldEnds() {
        Scenario scenario = scenarios.get("order-in-flight");
        JsonNode e = explanationWhen(scenario, x -> inSync().test(x)
                && "WARN".equals(statusOf(x, "IN_FLIGHT_ORDERS")));

        String finding = check(e, "IN_FLIGHT_ORDERS").get("finding").asString();
        assertThat(finding).contains("hold back 2 units").contains(scenario.orderPlacedAt.toString());
        assertThat(e.get("quantities").get("inFlightOrders").asLong()).isEqualTo(2);
        assertThat(e.get("quantities").get("expected").asLong()).isEqualTo(5);
    }

    @Test
    void warnsOfTheChannelRulesWithEachStepsNumbers() {
        JsonNode e = explanationWhen(scenarios.get("rules"), x -> inSync().test(x));

        JsonNode check = check(e, "CHANNEL_RULES");
        assertThat(check.get("status").asString()).isEqualTo("WARN");
        assertThat(check.get("finding").asString()).contains("buffer 2: 7 → 5; 50%: 5 → 2");
    }

    @Test
    void failsWhenTheValueMatchesNoProduct() {
        JsonNode e = explanationWhen(scenarios.get("baseline"), "NO-SUCH-CODE", causeIs("SKU_MATCHES_ONE_PRODUCT"));

        assertThat(check(e, "SKU_MATCHES_ONE_PRODUCT").get("finding").asString()).contains("NO-SUCH-CODE");
        assertThat(e.get("matchedBy").isNull()).isTrue();
        assertThat(e.get("productIds")).isEmpty();
    }

    @Test
    void findsAProductLackingThePushAliasByItsSku() {
        JsonNode e = explanationWhen(scenarios.get("no-push-alias"), causeIs("PRODUCT_HAS_PUSH_ALIAS"));

        assertThat(e.get("aliasName").asString()).isEqualTo("UPC");
        assertThat(e.get("matchedBy").asString()).isEqualTo("SKU");
    }

    @Test
    void passesThePushAliasCheckWhenTheProductHasTheCartsAlias() {
        Scenario upc = scenarios.get("upc-push-alias");
        JsonNode e = explanationWhen(upc, x -> inSync().test(x) && !x.get("quantities").get("cart").isNull());

        assertThat(e.get("matchedBy").asString()).isEqualTo("UPC");
        assertThat(statusOf(e, "PRODUCT_HAS_PUSH_ALIAS")).isEqualTo("PASS");
        assertThat(check(e, "PRODUCT_HAS_PUSH_ALIAS").get("finding").asString()).contains(upc.cartValue);
    }

    @Test
    void neverFailsTheQuantityBasisAndStatesAvailableNotOnHand() {
        // even where another check fails, the basis is stated with both numbers
        JsonNode e = explanationWhen(scenarios.get("cart-differs"), causeIs("QUANTITY_MATCH"));

        JsonNode basis = check(e, "QUANTITY_BASIS");
        assertThat(basis.get("status").asString()).isEqualTo("PASS");
        assertThat(basis.get("finding").asString()).contains("available 7", "on hand 10", "allocated 3");
        assertThat(basis.get("evidence").get("onHand").asLong()).isEqualTo(10);
        assertThat(basis.get("evidence").get("available").asLong()).isEqualTo(7);
    }

    @Test
    void passesTheSyncCheckAndSkipsTheRunChecksWhenTheWmsPushesAutomatically() {
        JsonNode e = explanationWhen(scenarios.get("sync-automatic"),
                x -> inSync().test(x) && "SKIP".equals(statusOf(x, "MERCHANT_LAST_RUN_STATUS")));

        assertThat(statusOf(e, "MERCHANT_INVENTORY_SYNC")).isEqualTo("PASS");
        assertThat(check(e, "MERCHANT_INVENTORY_SYNC").get("finding").asString())
                .contains("the WMS controls this step");
        assertThat(statusOf(e, "MERCHANT_LAST_INVENTORY_RUN")).isEqualTo("SKIP");
    }

    @Test
    void warnsWithTheRejectedCountWhenTheLastRunWasPartial() {
        JsonNode e = explanationWhen(scenarios.get("run-partial"),
                x -> "WARN".equals(statusOf(x, "MERCHANT_LAST_RUN_STATUS")) && inSync().test(x));

        assertThat(check(e, "MERCHANT_LAST_RUN_STATUS").get("finding").asString()).contains("2 of 10");
    }

    @Test
    void warnsWhenTheLevelIsOlderThanTheStalenessLimit() {
        JsonNode e = explanationWhen(scenarios.get("stale-level"),
                x -> "WARN".equals(statusOf(x, "WAREHOUSE_LEVEL_LOADED")) && inSync().test(x));

        assertThat(check(e, "WAREHOUSE_LEVEL_LOADED").get("remedy").asString()).isNotBlank();
    }

    @Test
    void warnsWhenTheMinimumInventoryLevelTurnsAPositiveQuantityIntoZero() {
        JsonNode e = explanationWhen(scenarios.get("floor-zeroes"),
                x -> "WARN".equals(statusOf(x, "CART_MINIMUM_INVENTORY_LEVEL")) && inSync().test(x));

        assertThat(check(e, "CART_MINIMUM_INVENTORY_LEVEL").get("finding").asString()).contains("floor 10", "7 into 0");
        assertThat(e.get("quantities").get("available").asLong()).isEqualTo(7);
        assertThat(e.get("quantities").get("expected").asLong()).isEqualTo(0);
    }

    @Test
    void namesTheFirstFailingCheckAsTheCauseWhenSeveralFail() {
        JsonNode e = explanationWhen(scenarios.get("several-fail"),
                x -> causeIs("CART_INVENTORY_UPLOAD").test(x) && "FAIL".equals(statusOf(x, "CART_INVENTORY_TRACKING"))
                        && "FAIL".equals(statusOf(x, "QUANTITY_MATCH")));

        assertThat(e.get("verdict").asString()).isEqualTo("NOT_SYNCED");
    }

    @Test
    void isPendingWhileANewLevelIsWithinTheGracePeriod() {
        JsonNode e = explanationWhen(scenarios.get("pending"),
                x -> "PENDING".equals(x.get("verdict").asString()));

        assertThat(e.get("cause").isNull()).isTrue();
        assertThat(statusOf(e, "QUANTITY_MATCH")).isEqualTo("FAIL");
        assertThat(e.get("quantities").get("expected").asLong()).isEqualTo(9);
        assertThat(e.get("quantities").get("cart").asLong()).isEqualTo(7);
    }

    @Test
    void listsTheCartsDiscrepanciesWithTheirCause() throws Exception {
        Scenario differs = scenarios.get("cart-differs");
        explanationWhen(differs, causeIs("QUANTITY_MATCH"));

        JsonNode page = getJson("/api/diagnostics/merchants/" + differs.merchantId + "/carts/" + differs.cartId
                + "/discrepancies?sort=age");
        assertThat(page.get("total").asInt()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("aliasValue").asString()).isEqualTo(differs.sku);
        assertThat(page.get("items").get(0).get("cause").asString()).isEqualTo("QUANTITY_MATCH");
    }

    @Test
    void listsKnownMerchantsWithTheirCarts() throws Exception {
        Scenario baseline = scenarios.get("baseline");
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode merchants = getJson("/api/diagnostics/merchants");
            JsonNode merchant = null;
            for (JsonNode m : merchants) {
                if (m.get("merchantId").asString().equals(baseline.merchantId)) {
                    merchant = m;
                }
            }
            assertThat(merchant).as("merchant %s in %s", baseline.merchantId, merchants).isNotNull();
            assertThat(merchant.get("name").asString()).isEqualTo("Merchant baseline");
            assertThat(merchant.get("carts").get(0).get("cartId").asString()).isEqualTo(baseline.cartId);
        });
    }

    @Test
    void refusesReadsWithoutTheReadKey() throws Exception {
        mvc.perform(get("/api/diagnostics/merchants")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/diagnostics/merchants").header("X-Api-Key", "wrong")).andExpect(status().isUnauthorized());
    }
}
