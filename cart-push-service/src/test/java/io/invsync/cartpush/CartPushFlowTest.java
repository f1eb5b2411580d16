package io.invsync.cartpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

import io.invsync.cartpush.plan.PendingPush;
import io.invsync.cartpush.plan.PlanStage;
import io.invsync.cartpush.push.PushStage;
import io.invsync.simulator.Loopback;
import io.invsync.simulator.ShopifySimulator;
import io.invsync.simulator.WebhookCartSimulator;
import io.invsync.cartpush.streams.CartViews;
import io.invsync.events.CartLocation;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.support.streams.MerchantRouting;
import io.invsync.support.streams.StateStores;
import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.EventJson;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryRunIndexed;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.Keys;
import io.invsync.events.PushOutcome;
import io.invsync.events.Topics;
import tools.jackson.databind.JsonNode;

@SpringBootTest(properties = {
        "spring.config.name=cart-push-service",
        "invsync.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "invsync.admin-key=test-admin-key",
        "INVSYNC_SECRET_HOOK=webhook-secret",
        "INVSYNC_SECRET_SHOP=" + CartPushFlowTest.SHOP_TOKEN,
        "INVSYNC_SECRET_GRANTS=HOOK=m-back,m-late,m-floor,m-flow,m-off,m-retry,m-cat,m-url,m-hold,m-dlq,m-rec,m-resume,m-rules,m-loc,m-prev,m-run,m-timed;MISSING=m-ns;SHOP=m-two",
        // two values a page: a reconciliation of a few values takes several pages
        "invsync.reconcile.page-size=2",
        "invsync.outbound.allow=" + Loopback.ALLOW,
        "invsync.push.initial-backoff=PT0.05S",
        "invsync.push.max-attempts=3",
        "invsync.push.order-hold-limit=PT6S",
        "invsync.push.hold-check-interval=PT0.2S",
        "invsync.push.run-index-wait=PT4S",
        "INVSYNC_STATE_DIR=${java.io.tmpdir}/invsync-test/cart-push-flow-${random.uuid}"})
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1, brokerProperties = { "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1" })
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CartPushFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    static final String SHOP_TOKEN = "shpat_flow_test_token";

    @Autowired
    MockMvc mvc;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    CartViews views;

    @Autowired
    StateStores stores;

    private final WebhookCartSimulator cart = new WebhookCartSimulator("webhook-secret", 0);
    private Producer<String, byte[]> producer;

    @Autowired
    org.springframework.kafka.config.StreamsBuilderFactoryBean streams;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @BeforeAll
    void connect() {
        // ready: the stores are restored and the tasks assigned (the readiness group waits on the same)
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.getKafkaStreams() != null
                && streams.getKafkaStreams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
        producer = new DefaultKafkaProducerFactory<>(ownerPartitioned(KafkaTestUtils.producerProps(broker)), new StringSerializer(),
                new ByteArraySerializer()).createProducer();
    }

    @AfterAll
    void close() {
        producer.close();
        cart.close();
    }

    /** A PUT of a cart's settings with the admin key. */
    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder settings(String cartId,
            String json) {
        return put("/api/carts/" + cartId).header("X-Api-Key", "test-admin-key").contentType(MediaType.APPLICATION_JSON)
                .content(json);
    }

    private void putCart(String cartId, String merchantId, String body) throws Exception {
        mvc.perform(settings(cartId, """
                                {"merchantId":"%s","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"HOOK",%s}"""
                                .formatted(merchantId, cart.url(), body)))
                .andExpect(status().isOk());
    }

    private void level(String merchantId, String productId, String sku, long available, Instant observedAt) {
        var level = new InventoryLevelChanged(merchantId, productId, sku, Map.of("SKU", sku),
                Map.of("WH-1", new WarehouseLevel(available, 0, available, observedAt, observedAt)), null, observedAt);
        send(Topics.INVENTORY_LEVELS, Keys.product(merchantId, productId), level);
        send(Topics.ALIAS_INDEX, Keys.alias(merchantId, "SKU", sku),
                new AliasIndexChanged(merchantId, "SKU", sku, List.of(productId), observedAt));
    }

    private void send(String topic, String key, Object event) {
        producer.send(new ProducerRecord<>(topic, key, EventJson.write(event)));
        producer.flush();
    }

    private PushOutcome outcome(String cartId, String aliasValue) {
        return result(cartId, aliasValue).map(r -> r.outcome()).orElse(null);
    }

    private java.util.Optional<CartPushRecorded> result(String cartId, String aliasValue) {
        return result(cartId, CartLocation.DEFAULT_LOCATION, aliasValue);
    }

    private java.util.Optional<CartPushRecorded> result(String cartId, String location, String aliasValue) {
        return views.cart(cartId).map(cart -> stores.<CartPushRecorded>local(PlanStage.RESULTS)
                .get(MerchantRouting.cartKey(cart.merchantId(), cartId, location, aliasValue)));
    }

    private java.util.Optional<CartProductObserved> cartProduct(String cartId, String aliasValue) {
        return views.cart(cartId).map(cart -> stores.<CartProductObserved>local(PlanStage.CART_PRODUCTS)
                .get(MerchantRouting.cartKey(cart.merchantId(), cartId, CartLocation.DEFAULT_LOCATION, aliasValue)));
    }

    private Long waitingQuantity(String cartId, String aliasValue) {
        PendingPush push = stores.<PendingPush>local(PushStage.PENDING)
                .get(Keys.cartValue(cartId, CartLocation.DEFAULT_LOCATION, aliasValue));
        return push == null ? null : push.plan().quantity();
    }

    @Test
    void timesEveryCartCallInTheServicesRegistryByCartTypeRouteAndStatus() throws Exception {
        putCart("c-timed", "m-timed", "\"syncWarehouse\":\"WH-1\"");
        level("m-timed", "P-TIMED", "TIMED-1", 4, Instant.parse("2026-11-27T10:00:00Z"));

        await().atMost(WAIT).until(() -> outcome("c-timed", "TIMED-1") == PushOutcome.PUSHED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(meters.find("http.client.requests")
                .tag("invsync.cart.type", "WEBHOOK").tag("uri", "{baseUrl}").tag("method", "POST")
                .tag("status", "200").tag("outcome", "SUCCESS").timer())
                .isNotNull().satisfies(timer -> assertThat(timer.count()).isPositive()));
    }

    @Test
    void pushesAChangedQuantityOnceAndNotAgainWhenUnchanged() throws Exception {
        putCart("c-flow", "m-flow", "\"syncWarehouse\":\"WH-1\"");
        level("m-flow", "P1", "FLOW-1", 7, Instant.parse("2026-11-27T10:00:00Z"));

        await().atMost(WAIT).until(() -> Long.valueOf(7).equals(cart.quantity("FLOW-1")));
        await().atMost(WAIT).until(() -> outcome("c-flow", "FLOW-1") == PushOutcome.PUSHED);
        int callsAfterFirstPush = cart.calls();

        // the same quantity observed again: nothing to push
        level("m-flow", "P1", "FLOW-1", 7, Instant.parse("2026-11-27T10:05:00Z"));
        level("m-flow", "P1b", "FLOW-1b", 2, Instant.parse("2026-11-27T10:05:00Z"));
        await().atMost(WAIT).until(() -> Long.valueOf(2).equals(cart.quantity("FLOW-1b")));
        assertThat(cart.calls()).isEqualTo(callsAfterFirstPush + 1);

        // the outcome comes back through cart-push-results to the planning stage's store within a commit or two
        await().atMost(WAIT).until(() -> outcome("c-flow", "FLOW-1b") == PushOutcome.PUSHED);
        mvc.perform(get("/api/carts/c-flow/product-sync").param("search", "flow-1b").header("X-Api-Key", "test-admin-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].lastOutcome").value("PUSHED"))
                .andExpect(jsonPath("$.items[0].lastQuantityPushed").value(2));
    }

    @Test
    void aQuantityBackToTheLastPushedOneIsPushedAgainWhenAnotherIsInFlight() throws Exception {
        putCart("c-back", "m-back", "\"syncWarehouse\":\"WH-1\"");
        level("m-back", "P1", "BACK-1", 7, Instant.parse("2026-11-27T10:00:00Z"));
        await().atMost(WAIT).until(() -> outcome("c-back", "BACK-1") == PushOutcome.PUSHED);

        cart.closeGate();
        try {
            level("m-back", "P1", "BACK-1", 3, Instant.parse("2026-11-27T10:01:00Z"));
            await().atMost(WAIT).until(() -> cart.heldAtGate() == 1); // 3 is in flight
            // 7 again: the last recorded result says the cart holds 7, but the call in flight is about to set 3
            level("m-back", "P1", "BACK-1", 7, Instant.parse("2026-11-27T10:02:00Z"));
            // queued behind it, not UNCHANGED
            await().atMost(WAIT).until(() -> Long.valueOf(7).equals(waitingQuantity("c-back", "BACK-1")));
        } finally {
            cart.openGate();
        }

        await().atMost(WAIT).until(() -> Long.valueOf(7).equals(cart.quantity("BACK-1"))
                && result("c-back", "BACK-1").map(r -> r.quantity() == 7).orElse(false));
        assertThat(cart.quantity("BACK-1")).isEqualTo(7);
    }

    @Test
    void aPushThatLandsAfterANewerPlanLeavesTheNewerOneAwaitedSoItsQuantityComingBackIsPushedAgain()
            throws Exception {
        putCart("c-late", "m-late", "\"syncWarehouse\":\"WH-1\"");
        level("m-late", "P1", "LATE-1", 7, Instant.parse("2026-11-27T10:00:00Z"));
        await().atMost(WAIT).until(() -> outcome("c-late", "LATE-1") == PushOutcome.PUSHED);
        int callsBefore = cart.calls();

        cart.closeGate();
        try {
            level("m-late", "P1", "LATE-1", 3, Instant.parse("2026-11-27T10:01:00Z"));
            await().atMost(WAIT).until(() -> cart.heldAtGate() == 1); // 3 is in flight
            level("m-late", "P1", "LATE-1", 0, Instant.parse("2026-11-27T10:02:00Z"));
            await().atMost(WAIT).until(() -> Long.valueOf(0).equals(waitingQuantity("c-late", "LATE-1")));
            // 3 lands after 0 was planned; its result must not end the wait for 0, now on its way
            cart.letThrough(1);
            await().atMost(WAIT).until(() -> result("c-late", "LATE-1").map(r -> r.quantity() == 3).orElse(false)
                    && cart.heldAtGate() == 1);
            // 3 again: the last result says 3, but the cart is about to get 0, so 3 goes after it
            level("m-late", "P1", "LATE-1", 3, Instant.parse("2026-11-27T10:03:00Z"));
            await().atMost(WAIT).until(() -> Long.valueOf(3).equals(waitingQuantity("c-late", "LATE-1")));
        } finally {
            cart.openGate();
        }

        // three pushes: 3, then 0, then 3 again (without the last, the cart would keep 0)
        await().atMost(WAIT).until(() -> cart.calls() == callsBefore + 3);
        await().atMost(WAIT).until(() -> Long.valueOf(3).equals(cart.quantity("LATE-1")));
    }

    @Test
    void givesTheCartTheFullQuantityBackWhenAnOrdersHoldEndsWithoutANewerLevel() throws Exception {
        putCart("c-hold", "m-hold", "\"syncWarehouse\":\"WH-1\"");
        Instant now = Instant.now();
        level("m-hold", "P1", "HOLD-1", 10, now.minusSeconds(60));
        await().atMost(WAIT).until(() -> Long.valueOf(10).equals(cart.quantity("HOLD-1")));

        // a cart took 3 after the WMS's snapshot: held back until a newer level arrives, which never happens here
        send(Topics.CART_ORDERS, Keys.sku("m-hold", "HOLD-1"),
                new CartOrderLineReceived("m-hold", "o-1", "c-hold", "HOLD-1", 3, now, now));
        await().atMost(WAIT).until(() -> Long.valueOf(7).equals(cart.quantity("HOLD-1")));

        // the hold limit (6 s here) passes: the order no longer holds stock and the cart gets all 10 back
        await().atMost(WAIT).until(() -> Long.valueOf(10).equals(cart.quantity("HOLD-1")));
        await().atMost(WAIT).until(() -> stores.local(PlanStage.ORDERS).get(Keys.sku("m-hold", "HOLD-1")) == null);
        assertThat(Duration.between(now, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void appliesTheFloorWhenTheCartSettingsChange() throws Exception {
        putCart("c-floor", "m-floor", "\"minimumInventoryLevel\":0");
        level("m-floor", "P1", "FLOOR-1", 4, Instant.parse("2026-11-27T10:00:00Z"));
        await().atMost(WAIT).until(() -> Long.valueOf(4).equals(cart.quantity("FLOOR-1")));

        putCart("c-floor", "m-floor", "\"minimumInventoryLevel\":5");

        await().atMost(WAIT).until(() -> Long.valueOf(0).equals(cart.quantity("FLOOR-1")));
    }

    @Test
    void appliesTheChannelRulesAndTheFirstMatchingOverrideThroughThePipeline() throws Exception {
        // buffer 2, 50 %, maximum 3 on 10 → 3; the override's fixed quantity 0 stops selling RULE-STOP
        putCart("c-rules", "m-rules", """
                "rules":{"buffer":2,"percent":50,"maximum":3},
                "ruleOverrides":[{"match":"RULE-STOP","fixedQuantity":0},{"match":"RULE-H*","percent":100}]""");
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        level("m-rules", "P1", "RULE-1", 10, at);
        level("m-rules", "P2", "RULE-STOP", 10, at);
        level("m-rules", "P3", "RULE-HALF", 10, at);

        await().atMost(WAIT).until(() -> Long.valueOf(3).equals(cart.quantity("RULE-1"))
                && Long.valueOf(0).equals(cart.quantity("RULE-STOP")) && Long.valueOf(3).equals(cart.quantity("RULE-HALF")));
        // the override keeps the cart's buffer 2 and maximum 3, its 100 % replaces the cart's 50 %: 10 − 2 = 8 → 3
    }

    @Test
    void refusesRulesOutOfBoundsNamingEachField() throws Exception {
        mvc.perform(settings("c-bad-rules", """
                                {"merchantId":"m","type":"WEBHOOK","baseUrl":"http://localhost:1",
                                 "rules":{"buffer":-1,"percent":101,"maximum":1000000000000},
                                 "ruleOverrides":[{"match":"A B","fixedQuantity":-5},{"percent":-1}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "rules.buffer", "rules.percent", "rules.maximum", "ruleOverrides[0].match",
                        "ruleOverrides[0].fixedQuantity", "ruleOverrides[1].match", "ruleOverrides[1].percent")));
        assertThat(views.cart("c-bad-rules")).isEmpty();
    }

    @Test
    void refusesLocationsTogetherWithTheShorthandAndAllWithOtherWarehouses() throws Exception {
        mvc.perform(settings("c-bad-loc", """
                                {"merchantId":"m","type":"WEBHOOK","baseUrl":"http://localhost:1","syncWarehouse":"W",
                                 "locations":[{"location":"L1","warehouses":"ALL"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("locations"));
        mvc.perform(settings("c-bad-loc", """
                                {"merchantId":"m","type":"WEBHOOK","baseUrl":"http://localhost:1",
                                 "locations":[{"location":"L1","warehouses":["EAST","ALL"]}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("locations[0].warehouses"));
        assertThat(views.cart("c-bad-loc")).isEmpty();
    }

    @Test
    void aLocationFedByChosenWarehousesReceivesTheirSum() throws Exception {
        putCart("c-loc", "m-loc", "\"locations\":[{\"location\":\"EAST-STORE\",\"warehouses\":[\"WH-1\",\"WH-2\"]}]");
        levelIn("m-loc", "P1", "LOC-1", Map.of("WH-1", 4L, "WH-2", 4L, "WH-3", 100L));

        // a webhook cart whose settings name the location gets it on each item, and keeps it there
        await().atMost(WAIT).until(() -> Long.valueOf(8).equals(cart.quantity("EAST-STORE", "LOC-1")));
    }

    @Test
    void aShopifyCartWithTwoLocationsGivesEachTheSumOfItsOwnWarehouses() throws Exception {
        String east = "gid://shopify/Location/1"; // the settings name them by number
        String both = "gid://shopify/Location/2";
        try (var shop = new ShopifySimulator(SHOP_TOKEN)) {
            shop.addVariant("TWO-1", true, Map.of(east, 0L, both, 0L));
            mvc.perform(settings("c-two", """
                                    {"merchantId":"m-two","type":"SHOPIFY","baseUrl":"%s","credentialsRef":"SHOP",
                                     "locations":[{"location":"1","warehouses":["EAST"]},
                                                  {"location":"2","warehouses":["EAST","WEST"]}]}"""
                                    .formatted(shop.baseUrl())))
                    .andExpect(status().isOk());

            levelIn("m-two", "P1", "TWO-1", Map.of("EAST", 3L, "WEST", 4L, "NORTH", 50L));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(shop.available("TWO-1", east)).isEqualTo(3);
                assertThat(shop.available("TWO-1", both)).isEqualTo(7);
            });
            // each location has its own result, under its own key (recorded once the result topic comes back)
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(result("c-two", "1", "TWO-1")).hasValueSatisfying(r -> {
                    assertThat(r.location()).isEqualTo("1");
                    assertThat(r.quantity()).isEqualTo(3);
                });
                assertThat(result("c-two", "2", "TWO-1")).hasValueSatisfying(r -> assertThat(r.quantity()).isEqualTo(7));
            });

            // WEST feeds only the second location: only it changes
            int writes = shop.writes("TWO-1");
            levelIn("m-two", "P1", "TWO-1", Map.of("EAST", 3L, "WEST", 10L, "NORTH", 50L));
            await().atMost(WAIT).until(() -> Long.valueOf(13).equals(shop.available("TWO-1", both)));
            assertThat(shop.available("TWO-1", east)).isEqualTo(3);
            await().atMost(WAIT).until(() -> result("c-two", "2", "TWO-1").map(r -> r.quantity() == 13).orElse(false));
            assertThat(shop.writes("TWO-1") - writes).as("quantities written for the one changed location")
                    .isEqualTo(1);

            mvc.perform(get("/api/carts/c-two/product-sync").param("location", "2")
                            .header("X-Api-Key", "test-admin-key"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.total").value(1))
                    .andExpect(jsonPath("$.items[0].location").value("2"))
                    .andExpect(jsonPath("$.items[0].lastQuantityPushed").value(13));
            mvc.perform(get("/api/carts/c-two/product-sync").header("X-Api-Key", "test-admin-key"))
                    .andExpect(jsonPath("$.total").value(2));
            mvc.perform(get("/api/carts/c-two/product-sync").param("location", "9")
                            .header("X-Api-Key", "test-admin-key"))
                    .andExpect(status().isNotFound());
        }
    }

    @Test
    void refusesASecondLocationForACartTypeThatHasOneAndALocationGivenTwice() throws Exception {
        mvc.perform(settings("c-woo-two", """
                                {"merchantId":"m","type":"WOOCOMMERCE","baseUrl":"http://localhost:1",
                                 "locations":[{"location":"A","warehouses":"ALL"},{"location":"B","warehouses":"ALL"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("locations"));
        mvc.perform(settings("c-twice", """
                                {"merchantId":"m","type":"SHOPIFY","baseUrl":"http://localhost:1",
                                 "locations":[{"location":"A","warehouses":"ALL"},{"location":"A","warehouses":["W"]}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("locations[1].location"));
        assertThat(views.cart("c-woo-two")).isEmpty();
        assertThat(views.cart("c-twice")).isEmpty();
    }

    /** A level of a product with a UPC, caused by a record of inventory run {@code runId}, and its UPC's holders. */
    private void levelOfRun(String runId, String productId, String upc, long available, List<String> upcHolders) {
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        send(Topics.INVENTORY_LEVELS, Keys.product("m-run", productId), new InventoryLevelChanged("m-run", productId,
                "SKU-" + productId, Map.of("SKU", "SKU-" + productId, "UPC", upc),
                Map.of("WH-1", new WarehouseLevel(available, 0, available, at, at)), null, at, null, runId));
        send(Topics.ALIAS_INDEX, Keys.alias("m-run", "UPC", upc),
                new AliasIndexChanged("m-run", "UPC", upc, upcHolders, at));
    }

    private void runIndexed(String runId) {
        Instant at = Instant.parse("2026-11-27T10:01:00Z");
        send(Topics.RUNS_INDEXED, Keys.run("m-run", runId), new InventoryRunIndexed("m-run", runId, at, at));
    }

    @Test
    void aValueNewInARunWaitsForTheRunToBeIndexedSoADuplicateWithinItIsNeverPushed() throws Exception {
        putCart("c-run", "m-run", "\"pushAlias\":\"UPC\"");
        // the first product of the run with UPC 0009 is indexed; the second, holding the same UPC, comes after it
        levelOfRun("run-a", "P1", "0009", 4, List.of("P1"));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> cart.quantity("0009") == null && outcome("c-run", "0009") == null);
        levelOfRun("run-a", "P2", "0009", 6, List.of("P1", "P2"));

        runIndexed("run-a");

        await().atMost(WAIT).until(() -> outcome("c-run", "0009") == PushOutcome.BLOCKED_DUPLICATE_ALIAS);
        assertThat(cart.quantity("0009")).as("never pushed under the duplicate value").isNull();
    }

    @Test
    void aValueNewInARunIsPushedOnceTheRunIsIndexedAndAKnownValueDoesNotWaitForItsRun() throws Exception {
        putCart("c-run2", "m-run", "\"pushAlias\":\"UPC\"");
        levelOfRun("run-b", "P3", "0010", 5, List.of("P3"));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> cart.quantity("0010") == null);

        runIndexed("run-b");
        await().atMost(WAIT).until(() -> Long.valueOf(5).equals(cart.quantity("0010")));

        // the value is known now: a change in a run that is not indexed yet goes at once
        await().atMost(WAIT).until(() -> outcome("c-run2", "0010") == PushOutcome.PUSHED);
        levelOfRun("run-c", "P3", "0010", 8, List.of("P3"));
        await().atMost(Duration.ofSeconds(3)).until(() -> Long.valueOf(8).equals(cart.quantity("0010")));
    }

    @Test
    void aValueGoesWhenTheRunThatBroughtItIsIndexedEvenIfALaterRunChangedItMeanwhile() throws Exception {
        putCart("c-run4", "m-run", "\"pushAlias\":\"UPC\"");
        levelOfRun("run-d", "P5", "0012", 2, List.of("P5"));
        levelOfRun("run-e", "P5", "0012", 3, List.of("P5")); // the next warehouse's run, not indexed yet
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(2)).until(() -> cart.quantity("0012") == null);

        runIndexed("run-d");

        // well before run-e's wait (PT4S) would release it
        await().atMost(Duration.ofSeconds(3)).until(() -> Long.valueOf(3).equals(cart.quantity("0012")));
    }

    @Test
    void aValueNewInARunThatIsNeverIndexedIsPushedAfterTheWait() throws Exception {
        putCart("c-run3", "m-run", "\"pushAlias\":\"UPC\"");
        levelOfRun("run-never", "P4", "0011", 3, List.of("P4"));

        // invsync.push.run-index-wait is PT4S here: held for it, then pushed
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> cart.quantity("0011") == null);
        await().atMost(WAIT).until(() -> Long.valueOf(3).equals(cart.quantity("0011")));
    }

    private void levelIn(String merchantId, String productId, String sku, Map<String, Long> availableByWarehouse) {
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        Map<String, WarehouseLevel> warehouses = new java.util.TreeMap<>();
        availableByWarehouse.forEach((w, available) -> warehouses.put(w, new WarehouseLevel(available, 0, available,
                at, at)));
        send(Topics.INVENTORY_LEVELS, Keys.product(merchantId, productId), new InventoryLevelChanged(merchantId,
                productId, sku, Map.of("SKU", sku), warehouses, null, at));
        send(Topics.ALIAS_INDEX, Keys.alias(merchantId, "SKU", sku),
                new AliasIndexChanged(merchantId, "SKU", sku, List.of(productId), at));
    }

    private org.springframework.test.web.servlet.ResultActions preview(String cartId, String body, String query)
            throws Exception {
        return mvc.perform(post("/api/carts/" + cartId + "/preview" + query).header("X-Api-Key", "test-admin-key")
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void aPreviewOfACartSwitchedFromAllToOneWarehouseListsExactlyTheValuesThatWouldChangeAndSavesNothing()
            throws Exception {
        putCart("c-prev", "m-prev", "\"syncWarehouse\":\"ALL\"");
        levelIn("m-prev", "P1", "PREV-1", Map.of("WH-1", 5L, "WH-2", 3L));
        levelIn("m-prev", "P2", "PREV-2", Map.of("WH-1", 4L));
        levelIn("m-prev", "P3", "PREV-3", Map.of("WH-2", 6L));
        await().atMost(WAIT).until(() -> Long.valueOf(8).equals(cart.quantity("PREV-1"))
                && Long.valueOf(4).equals(cart.quantity("PREV-2")) && Long.valueOf(6).equals(cart.quantity("PREV-3")));
        await().atMost(WAIT).until(() -> outcome("c-prev", "PREV-3") == PushOutcome.PUSHED);

        preview("c-prev", "{\"syncWarehouse\":\"WH-1\"}", "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.judged").value(3))
                .andExpect(jsonPath("$.changes").value(1))
                .andExpect(jsonPath("$.unchanged").value(2))
                .andExpect(jsonPath("$.byOutcome.PUSH").value(1))
                .andExpect(jsonPath("$.byOutcome.UNCHANGED").value(1))
                .andExpect(jsonPath("$.byOutcome.NO_LEVEL").value(1))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].aliasValue").value("PREV-1"))
                .andExpect(jsonPath("$.items[0].current").value(8))
                .andExpect(jsonPath("$.items[0].wouldPush").value(5))
                .andExpect(jsonPath("$.items[0].location").value("DEFAULT"));
        // a cap for every value: two would change, paged one at a time
        preview("c-prev", "{\"rules\":{\"maximum\":4}}", "?limit=1")
                .andExpect(jsonPath("$.changes").value(2))
                .andExpect(jsonPath("$.items[0].aliasValue").value("PREV-1"))
                .andExpect(jsonPath("$.nextAfter").value("P1"));
        preview("c-prev", "{\"rules\":{\"maximum\":4}}", "?limit=1&after=P1")
                .andExpect(jsonPath("$.items[0].aliasValue").value("PREV-3"))
                .andExpect(jsonPath("$.items[0].wouldPush").value(4))
                .andExpect(jsonPath("$.nextAfter").doesNotExist());
        preview("c-prev", "{\"rules\":{\"percent\":101}}", "")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("rules.percent"));
        preview("c-prev", "{\"merchantId\":\"m-flow\"}", "")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("merchantId"));

        assertThat(views.cart("c-prev").orElseThrow().syncWarehouse()).isEqualTo("ALL");
        assertThat(views.cart("c-prev").orElseThrow().rules().maximum()).isNull();
        assertThat(cart.quantity("PREV-1")).isEqualTo(8);
    }

    @Test
    void stopsPushingWhenUploadIsTurnedOff() throws Exception {
        putCart("c-off", "m-off", "\"inventoryUploadEnabled\":false");
        level("m-off", "P1", "OFF-1", 3, Instant.parse("2026-11-27T10:00:00Z"));

        await().atMost(WAIT).until(() -> outcome("c-off", "OFF-1") == PushOutcome.SKIPPED_UPLOAD_DISABLED);
        assertThat(cart.quantity("OFF-1")).isNull();
    }

    @Test
    void retriesAThrottledOrFailingCartUntilItTakesTheQuantity() throws Exception {
        putCart("c-retry", "m-retry", "\"syncWarehouse\":\"ALL\"");
        cart.throttleNext(1);
        cart.failNext(1);
        level("m-retry", "P1", "RETRY-1", 9, Instant.parse("2026-11-27T10:00:00Z"));

        await().atMost(WAIT).until(() -> Long.valueOf(9).equals(cart.quantity("RETRY-1")));
        await().atMost(WAIT).until(() -> outcome("c-retry", "RETRY-1") == PushOutcome.PUSHED);
    }

    @Test
    void withTheLoopbackAllowanceALocalBaseUrlIsSavedAndInsideAddressesStayRefused() throws Exception {
        mvc.perform(settings("c-url", """
                                {"merchantId":"m-url","type":"WEBHOOK","baseUrl":"https://localhost/","credentialsRef":"HOOK"}"""))
                .andExpect(status().isOk());
        for (String inside : List.of("https://169.254.169.254/", "http://10.0.0.1/")) {
            mvc.perform(settings("c-url", """
                                    {"merchantId":"m-url","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"HOOK"}"""
                                    .formatted(inside)))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("baseUrl"));
        }
        assertThat(views.cart("c-url").orElseThrow().baseUrl()).isEqualTo("https://localhost/");
    }

    @Test
    void aCredentialsRefGrantedToAnotherMerchantIsRefusedWhenSaved() throws Exception {
        mvc.perform(settings("c-steal", """
                                {"merchantId":"m-thief","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"HOOK"}"""
                                .formatted(cart.url())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("credentialsRef"));
        assertThat(views.cart("c-steal")).isEmpty();
    }

    @Test
    void recordsFailedWithTheReasonWhenTheSecretIsMissingAndNeverShowsASecret() throws Exception {
        mvc.perform(settings("c-nosecret", """
                                {"merchantId":"m-ns","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"MISSING"}"""
                                .formatted(cart.url())))
                .andExpect(status().isOk());
        level("m-ns", "P1", "NS-1", 1, Instant.parse("2026-11-27T10:00:00Z"));

        await().atMost(WAIT).until(() -> outcome("c-nosecret", "NS-1") == PushOutcome.FAILED);
        assertThat(result("c-nosecret", "NS-1").orElseThrow().reason())
                .contains("INVSYNC_SECRET_MISSING").doesNotContain("webhook-secret");
    }

    @Test
    void aCatalogRefreshFindsItemsTheCartLacksOrDoesNotTrackAndNeitherIsPushed() throws Exception {
        try (var shop = new WebhookCartSimulator("webhook-secret", 0)) {
            shop.knownItems(java.util.Set.of("CAT-1", "CAT-2"));
            shop.untrack("CAT-2");
            mvc.perform(settings("c-cat", """
                                    {"merchantId":"m-cat","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"HOOK",
                                     "inventoryUploadEnabled":false}""".formatted(shop.url())))
                    .andExpect(status().isOk());
            Instant at = Instant.parse("2026-11-27T10:00:00Z");
            level("m-cat", "P1", "CAT-1", 5, at);
            level("m-cat", "P2", "CAT-2", 6, at);
            level("m-cat", "P3", "CAT-3", 7, at);
            await().atMost(WAIT).until(() -> stores.scanLocal(PlanStage.LEVELS, "m-cat/").size() == 3);

            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                            .post("/api/carts/c-cat/catalog-refresh").header("X-Api-Key", "test-admin-key"))
                    .andExpect(status().isAccepted());
            await().atMost(WAIT).until(() -> cartProduct("c-cat", "CAT-3").isPresent()
                    && cartProduct("c-cat", "CAT-1").isPresent());
            mvc.perform(settings("c-cat", """
                                    {"merchantId":"m-cat","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"HOOK"}"""
                                    .formatted(shop.url())))
                    .andExpect(status().isOk());

            await().atMost(WAIT).until(() -> outcome("c-cat", "CAT-3") == PushOutcome.NOT_IN_CART
                    && outcome("c-cat", "CAT-2") == PushOutcome.TRACKING_DISABLED
                    && outcome("c-cat", "CAT-1") == PushOutcome.PUSHED);
            assertThat(shop.quantities()).containsOnlyKeys("CAT-1").containsEntry("CAT-1", 5L);
            mvc.perform(get("/api/carts/c-cat/product-sync").param("search", "cat-2").header("X-Api-Key", "test-admin-key"))
                    .andExpect(jsonPath("$.items[0].inventoryEnabled").value("NO"))
                    .andExpect(jsonPath("$.items[0].lastSyncTime").value("never"));
        }
    }

    @Test
    void aLevelNoOneCanReadGoesToTheDeadLetterTopicWithItsReasonAndTheRestFlowOn() throws Exception {
        putCart("c-dlq", "m-dlq", "\"syncWarehouse\":\"WH-1\"");
        producer.send(new ProducerRecord<>(Topics.INVENTORY_LEVELS, Keys.product("m-dlq", "P-bad"),
                "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        level("m-dlq", "P1", "DLQ-1", 4, Instant.parse("2026-11-27T10:00:00Z"));
        await().atMost(WAIT).until(() -> Long.valueOf(4).equals(cart.quantity("DLQ-1")));

        Map<String, Object> config = KafkaTestUtils.consumerProps(broker, "dlq-reader-" + java.util.UUID.randomUUID(), false);
        config.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(config,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.dlq(Topics.INVENTORY_LEVELS)));
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> dead = new java.util.ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                assertThat(dead).filteredOn(r -> Keys.product("m-dlq", "P-bad").equals(r.key())).hasSize(1);
            });
            var record = dead.stream().filter(r -> Keys.product("m-dlq", "P-bad").equals(r.key())).findFirst().orElseThrow();
            assertThat(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("not json");
            assertThat(new String(record.headers().lastHeader(io.invsync.events.DeadLetterHeaders.ORIGINAL_TOPIC)
                    .value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Topics.INVENTORY_LEVELS);
            assertThat(new String(record.headers().lastHeader(io.invsync.events.DeadLetterHeaders.EXCEPTION_MESSAGE)
                    .value(), java.nio.charset.StandardCharsets.UTF_8)).isNotBlank();
        }
    }

    @Test
    void answers413NamingTheBodyForAnOversizedSettingsBody() throws Exception {
        mvc.perform(settings("c-huge", "{\"merchantId\":\"m\",\"type\":\"WEBHOOK\",\"pushAlias\":\""
                                + "A".repeat(300 * 1024) + "\"}"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.errors[0].field").value("body"));
        assertThat(views.cart("c-huge")).isEmpty();
    }

    @Test
    void rejectsInvalidCartSettingsNamingTheField() throws Exception {
        mvc.perform(settings("c-bad", "{\"merchantId\":\"m\",\"type\":\"WEBHOOK\",\"baseUrl\":\"ftp://x\","
                                + "\"minimumInventoryLevel\":-1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "baseUrl", "minimumInventoryLevel")));
    }

    @Test
    void aReconciliationReadsTheCartAndPushesWhatDriftedWithCountsOfEach() throws Exception {
        try (var shop = new WebhookCartSimulator("webhook-secret", 0)) {
            putCartAt(shop, "c-rec", "m-rec");
            Instant at = Instant.parse("2026-11-27T10:00:00Z");
            level("m-rec", "P1", "REC-1", 5, at);
            level("m-rec", "P2", "REC-2", 6, at);
            level("m-rec", "P3", "REC-3", 7, at);
            await().atMost(WAIT).until(() -> Map.of("REC-1", 5L, "REC-2", 6L, "REC-3", 7L).equals(shop.quantities()));
            await().atMost(WAIT).until(() -> outcome("c-rec", "REC-3") == PushOutcome.PUSHED);
            // changed behind invsync's back: in the cart's own admin, say
            shop.setInCart("REC-2", 99);
            shop.setInCart("REC-3", 0);

            mvc.perform(post("/api/carts/c-rec/reconcile").header("X-Api-Key", "test-admin-key"))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.trigger").value("request"));

            await().atMost(WAIT).until(() -> Map.of("REC-1", 5L, "REC-2", 6L, "REC-3", 7L).equals(shop.quantities()));
            JsonNode run = await().atMost(WAIT).until(() -> reconciliation("c-rec"),
                    r -> r.path("pushed").asLong() == 2);
            assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(run.path("values").asLong()).isEqualTo(3);
            assertThat(run.path("read").asLong()).isEqualTo(3);
            assertThat(run.path("drifted").asLong()).isEqualTo(2);
            assertThat(run.path("failed").asLong()).isZero();
            assertThat(run.path("finishedAt").isNull()).isFalse();
            assertThat(meters.counter("invsync.reconcile.drift", "cart", "c-rec").count()).isEqualTo(2);
            assertThat(meters.find("invsync.reconcile.duration").tag("cart", "c-rec").tag("status", "SUCCEEDED")
                    .timer()).isNotNull();
        }
    }

    @Test
    void aReconciliationWhoseTaskStopsPartWayGoesOnFromItsLastPage() throws Exception {
        try (var shop = new WebhookCartSimulator("webhook-secret", 0)) {
            putCartAt(shop, "c-resume", "m-resume");
            Instant at = Instant.parse("2026-11-27T10:00:00Z");
            for (int i = 1; i <= 6; i++) {
                level("m-resume", "P" + i, "RES-" + i, i, at);
            }
            await().atMost(WAIT).until(() -> shop.quantities().size() == 6);
            shop.holdCatalogReadsAfter(1); // the first page is read, the second waits in the cart

            mvc.perform(post("/api/carts/c-resume/reconcile").header("X-Api-Key", "test-admin-key"))
                    .andExpect(status().isAccepted());
            await().atMost(WAIT).until(() -> shop.heldCatalogReads() == 1);
            JsonNode partWay = await().atMost(WAIT).until(() -> reconciliation("c-resume"),
                    r -> r.path("values").asLong() == 2);
            assertThat(partWay.path("status").asString()).isEqualTo("RUNNING");

            streams.stop(); // the page in flight lands nowhere
            shop.openCatalogGate();
            streams.start();

            JsonNode run = await().atMost(Duration.ofSeconds(60)).until(() -> reconciliation("c-resume"),
                    r -> "SUCCEEDED".equals(r.path("status").asString()));
            assertThat(run.path("startedAt").asString()).isEqualTo(partWay.path("startedAt").asString());
            assertThat(run.path("values").asLong()).isEqualTo(6);
            assertThat(run.path("read").asLong()).isEqualTo(6);
            // page 1, page 2 (its answer dropped by the stopped task), page 2 again, page 3: page 1 not read again
            assertThat(shop.catalogReads()).isEqualTo(4);
        } finally {
            if (!streams.isRunning()) {
                streams.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.getKafkaStreams() != null
                    && streams.getKafkaStreams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
        }
    }

    private void putCartAt(WebhookCartSimulator shop, String cartId, String merchantId) throws Exception {
        mvc.perform(settings(cartId, """
                                {"merchantId":"%s","type":"WEBHOOK","baseUrl":"%s","credentialsRef":"HOOK"}"""
                                .formatted(merchantId, shop.url())))
                .andExpect(status().isOk());
    }

    private JsonNode reconciliation(String cartId) throws Exception {
        String body = mvc.perform(get("/api/carts/" + cartId + "/reconcile").header("X-Api-Key", "test-admin-key"))
                .andReturn().getResponse().getContentAsString();
        return EventJson.mapper().readTree(body);
    }

    /** As the services' producers: by the key's owner (DESIGN §3), which the Streams topologies rely on. */
    private static java.util.Map<String, Object> ownerPartitioned(java.util.Map<String, Object> props) {
        props.put("partitioner.class", io.invsync.support.OwnerPartitioner.class);
        return props;
    }
}
