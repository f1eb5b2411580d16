package io.invsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.invsync.simulator.ConformsToVendorSpecs;
import io.invsync.simulator.VendorSpecs;
import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

/**
 * Every cart type through the whole stack (one broker, the four services): inventory posted to wms-ingest reaches
 * the vendor's simulated cart through inventory-service and cart-push-service, and diagnostics-service explains each
 * SKU. Each type has its own merchant, cart and simulator ({@link SimulatedCart}); each test its own SKUs, so the
 * tests stand alone. Every request a simulator received must conform to the vendor's published spec: checked after
 * each test by {@link ConformsToVendorSpecs}, and said per vendor by the last test.
 */
@ExtendWith(ConformsToVendorSpecs.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CartTypesEndToEndTest {

    private static final Logger log = LoggerFactory.getLogger(CartTypesEndToEndTest.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Fewer than a push's attempts (invsync.push.max-attempts, 5): the push rides them out. */
    private static final int THROTTLED_CALLS = 3;
    private static final String JSON = "application/json";

    private SharedStack stack;
    private List<SimulatedCart> carts;

    @BeforeAll
    void openCarts() throws IOException, InterruptedException {
        stack = SharedStack.get();
        carts = SimulatedCart.openAll();
        for (SimulatedCart cart : carts) {
            admin("PUT", stack.ingest + "/api/merchants/" + cart.merchantId,
                    "{\"name\":\"" + cart.type + " end to end\",\"inventorySync\":\"AUTOMATIC\"}");
            admin("PUT", stack.cartPush + "/api/carts/" + cart.cartId, cart.settings());
        }
    }

    @AfterAll
    void closeCarts() {
        carts.forEach(SimulatedCart::close);
    }

    Stream<SimulatedCart> carts() {
        return carts.stream();
    }

    Stream<Arguments> untrackedCarts() {
        return carts.stream().map(cart -> Arguments.of(cart, cart.untrackedMeans()));
    }

    Stream<Arguments> throttledCarts() {
        return carts.stream().map(cart -> Arguments.of(cart, cart.throttleMeans()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("carts")
    void availableSummedOverTwoWarehousesReachesTheCartAndIsExplainedInSync(SimulatedCart cart) throws Exception {
        cart.addTracked("ANVIL-1", 3);
        int callsBefore = cart.totalCalls();
        Map<String, Integer> byKindBefore = cart.callsByKind();
        Instant observedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

        post(cart, "EAST", observedAt, new Row("ANVIL-1", 12, 5));
        post(cart, "WEST", observedAt, new Row("ANVIL-1", 4, 0));

        // available = (12 − 5) + (4 − 0): on hand 16 is never what a cart gets
        await().atMost(WAIT).until(() -> Long.valueOf(11).equals(cart.quantity("ANVIL-1")));
        JsonNode explanation = awaitExplanation(cart, "ANVIL-1", e -> "IN_SYNC".equals(e.path("verdict").asString()));
        JsonNode quantities = explanation.path("quantities");
        assertThat(quantities.path("onHand").asLong()).isEqualTo(16);
        assertThat(quantities.path("available").asLong()).isEqualTo(11);
        assertThat(quantities.path("expected").asLong()).isEqualTo(11);
        assertThat(quantities.path("cart").asLong()).isEqualTo(11);
        assertThat(status(explanation, "QUANTITY_MATCH")).isEqualTo("PASS");
        // the raw counts for the README's calls per 10,000 SKUs: one SKU, two warehouses, no catalog read first
        log.info("{} cart: {} calls for the pushes of one SKU from two warehouses ({})", cart,
                cart.totalCalls() - callsBefore, SimulatedCart.difference(byKindBefore, cart.callsByKind()));
    }

    @ParameterizedTest(name = "{0}: untracked is {1}")
    @MethodSource("untrackedCarts")
    void aSkuTheCartLacksAndOneItDoesNotTrackAreExplainedAndNeverSetInTheCart(SimulatedCart cart, String untracked)
            throws Exception {
        cart.addUntracked("ROPE-1", 5);
        Long ropeInCart = cart.quantity("ROPE-1");
        int writtenBefore = cart.itemsWritten();
        Instant observedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

        post(cart, "EAST", observedAt, new Row("GHOST-1", 8, 0), new Row("ROPE-1", 8, 0));

        JsonNode ghost = awaitExplanation(cart, "GHOST-1", e -> "CART_HAS_SKU".equals(e.path("cause").asString(null)));
        assertThat(ghost.path("verdict").asString()).isEqualTo("NOT_SYNCED");
        assertThat(status(ghost, "CART_HAS_SKU")).isEqualTo("FAIL");
        assertThat(status(ghost, "SKU_MATCHES_ONE_PRODUCT")).as("the WMS knows it").isEqualTo("PASS");
        JsonNode rope = awaitExplanation(cart, "ROPE-1",
                e -> "CART_INVENTORY_TRACKING".equals(e.path("cause").asString(null)));
        assertThat(rope.path("verdict").asString()).isEqualTo("NOT_SYNCED");
        assertThat(status(rope, "CART_INVENTORY_TRACKING")).isEqualTo("FAIL");
        assertThat(status(rope, "CART_HAS_SKU")).isNotEqualTo("FAIL");

        assertThat(cart.quantity("GHOST-1")).as("nothing created for the unknown SKU").isNull();
        assertThat(cart.quantity("ROPE-1")).as("the untracked item as it was").isEqualTo(ropeInCart);
        if (cart.checkedBeforeWriting()) {
            assertThat(cart.itemsWritten()).as("items sent in calls that set quantities").isEqualTo(writtenBefore);
        } else {
            // the webhook receiver is the one that knows: it is sent both, and answers for each
            assertThat(cart.itemsWritten()).as("items the receiver answered for").isGreaterThan(writtenBefore);
        }
    }

    @ParameterizedTest(name = "{0} throttled by {1}")
    @MethodSource("throttledCarts")
    void aThrottledCartEndsWithExactlyTheNewQuantity(SimulatedCart cart, String throttle) throws Exception {
        cart.addTracked("CHAIN-1", 0);
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
        post(cart, "EAST", first, new Row("CHAIN-1", 6, 0));
        await().atMost(WAIT).until(() -> Long.valueOf(6).equals(cart.quantity("CHAIN-1")));
        awaitExplanation(cart, "CHAIN-1", e -> e.path("quantities").path("cart").asLong(-1) == 6);
        int throttledBefore = cart.throttledAnswers();

        cart.throttle(THROTTLED_CALLS);
        post(cart, "EAST", first.plusSeconds(60), new Row("CHAIN-1", 9, 0));

        await().atMost(WAIT).until(() -> Long.valueOf(9).equals(cart.quantity("CHAIN-1")));
        await("the cart keeps 9").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> Long.valueOf(9).equals(cart.quantity("CHAIN-1")));
        assertThat(cart.throttledAnswers() - throttledBefore).as("throttled answers given")
                .isEqualTo(cart.throttledAnswersFor(THROTTLED_CALLS));
        JsonNode explanation = awaitExplanation(cart, "CHAIN-1", e -> "IN_SYNC".equals(e.path("verdict").asString()));
        assertThat(explanation.path("quantities").path("cart").asLong()).isEqualTo(9);
        assertThat(status(explanation, "CART_LAST_PUSH")).isEqualTo("PASS");
    }

    /**
     * Someone changes the cart's quantity behind invsync's back (its admin, another app): a reconciliation reads it
     * back, the explanation reports the drift with when the cart was read, and the cart is healed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("carts")
    void aQuantityChangedBehindInvsyncsBackIsFoundByAReconcileReportedAsDriftAndHealed(SimulatedCart cart)
            throws Exception {
        cart.addTracked("DRIFT-1", 0);
        post(cart, "EAST", Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60), new Row("DRIFT-1", 8, 0));
        await().atMost(WAIT).until(() -> Long.valueOf(8).equals(cart.quantity("DRIFT-1")));
        awaitExplanation(cart, "DRIFT-1", e -> "IN_SYNC".equals(e.path("verdict").asString()));

        cart.changeInCart("DRIFT-1", 3);
        Instant asked = Instant.now();
        JsonNode started = EventJson.mapper().readTree(admin("POST", stack.cartPush + "/api/carts/" + cart.cartId
                + "/reconcile", null));
        assertThat(started.path("trigger").asString()).isEqualTo("request");

        await().atMost(WAIT).until(() -> Long.valueOf(8).equals(cart.quantity("DRIFT-1")));
        JsonNode run = await().atMost(WAIT).until(() -> EventJson.mapper().readTree(admin("GET", stack.cartPush
                + "/api/carts/" + cart.cartId + "/reconcile", null)), r -> r.path("pushed").asLong() >= 1);
        assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.path("drifted").asLong()).isGreaterThanOrEqualTo(1);
        // the history shows the read that found 3 against the 8 invsync had confirmed, then the push that healed it
        JsonNode history = await().atMost(WAIT).until(() -> EventJson.mapper().readTree(stack.send("GET",
                stack.diagnostics + "/api/diagnostics/merchants/" + cart.merchantId + "/carts/" + cart.cartId
                        + "/skus/DRIFT-1/history", null, null, SharedStack.READ_KEY).body()),
                h -> driftRead(h) != null);
        JsonNode read = driftRead(history);
        assertThat(read.path("quantity").asLong()).isEqualTo(3);
        assertThat(read.path("details").path("lastConfirmed").asLong()).isEqualTo(8);
        assertThat(Instant.parse(read.path("at").asString())).isAfterOrEqualTo(asked.minusSeconds(1));
        JsonNode healed = awaitExplanation(cart, "DRIFT-1", e -> "IN_SYNC".equals(e.path("verdict").asString())
                && e.path("quantities").path("cartReadAt").isString());
        assertThat(Instant.parse(healed.path("quantities").path("cartReadAt").asString()))
                .isAfterOrEqualTo(asked.minusSeconds(1));
        assertThat(healed.path("quantities").path("cart").asLong()).isEqualTo(8);
    }

    private static JsonNode driftRead(JsonNode history) {
        for (JsonNode item : history.path("items")) {
            if ("CART_READ".equals(item.path("kind").asString()) && item.path("details").path("drift").asBoolean()) {
                return item;
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("carts")
    void everyRequestTheCartReceivedConformsToTheVendorsPublishedSpec(SimulatedCart cart) throws Exception {
        assumeTrue(cart.unpublishedSpec() == null, () -> cart + ": " + cart.unpublishedSpec()
                + "; its requests are not checked");
        for (String document : cart.specDocuments()) {
            assumeTrue(VendorSpecs.folder().map(folder -> Files.isRegularFile(folder.resolve(document))).orElse(false),
                    () -> VendorSpecs.absent(document));
        }
        // requests of its own, so that this test has something to check when it runs alone
        cart.addTracked("BOLT-1", 1);
        post(cart, "EAST", Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60), new Row("BOLT-1", 2, 0));
        await().atMost(WAIT).until(() -> Long.valueOf(2).equals(cart.quantity("BOLT-1")));
        awaitExplanation(cart, "BOLT-1", e -> "IN_SYNC".equals(e.path("verdict").asString()));

        assertThat(cart.totalCalls()).as("requests checked").isPositive();
        // every request of every test of this class; a body check still running is ConformsToVendorSpecs' to catch
        assertThat(cart.specViolations()).isEmpty();
    }

    /** One item of an inventory payload. */
    record Row(String sku, long onHand, long allocated) {
    }

    private void post(SimulatedCart cart, String warehouse, Instant observedAt, Row... rows)
            throws IOException, InterruptedException {
        Map<String, Object> payload = new LinkedHashMap<>(); // read as a stream: observedAt before the items
        payload.put("warehouseId", warehouse);
        payload.put("observedAt", observedAt.toString());
        payload.put("items", List.of(rows));
        String body = EventJson.mapper().writeValueAsString(payload);
        JsonNode run = EventJson.mapper().readTree(admin("POST", stack.ingest + "/api/merchants/" + cart.merchantId
                + "/inventory", body));
        assertThat(run.path("rejected").asLong(-1)).as("rows rejected: " + run).isZero();
    }

    private JsonNode awaitExplanation(SimulatedCart cart, String sku, Predicate<JsonNode> settled) {
        return await(cart + " " + sku + " explained").atMost(WAIT).until(() -> explain(cart, sku), settled::test);
    }

    private JsonNode explain(SimulatedCart cart, String sku) throws IOException, InterruptedException {
        HttpResponse<String> response = stack.send("GET", stack.diagnostics + "/api/diagnostics/merchants/"
                + cart.merchantId + "/carts/" + cart.cartId + "/skus/" + sku, null, null, SharedStack.READ_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }

    /** The status of one check of an explanation. */
    private static String status(JsonNode explanation, String checkId) {
        for (JsonNode check : explanation.path("checks")) {
            if (checkId.equals(check.path("id").asString())) {
                return check.path("status").asString();
            }
        }
        throw new AssertionError("no check " + checkId + " in " + explanation);
    }

    private String admin(String method, String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = stack.send(method, url, JSON, body, SharedStack.ADMIN_KEY);
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isBetween(200, 299);
        return response.body();
    }
}
