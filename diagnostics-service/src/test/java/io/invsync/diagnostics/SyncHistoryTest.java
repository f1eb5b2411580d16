package io.invsync.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.invsync.diagnostics.model.SyncHistory;
import io.invsync.events.CartLocation;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.Keys;
import io.invsync.events.PushOutcome;
import io.invsync.events.Topics;
import tools.jackson.databind.JsonNode;

/** A SKU's history on the broker: exactly the events that happened to it, newest first, bounded, paged. */
class SyncHistoryTest extends BrokerTestSupport {

    @Test
    void listsExactlyTheEventsOfASkuPushedTwiceNewestFirstWithTheDriftARead() throws Exception {
        Scenario s = Scenario.of("history", x -> {
        }).publish(events()); // level at -10m, cart read at -5m (7), push of 7 at -1m
        Instant secondLevelAt = s.now.minusSeconds(30);
        Instant secondPushAt = s.now.minusSeconds(20);
        Instant driftReadAt = s.now.minusSeconds(10);
        level(s, 12, 3, secondLevelAt);
        push(s, 9, secondPushAt);
        // read after the push but before it is applied, or after: the history judges it in time order either way
        events().send(Topics.CART_PRODUCTS, Keys.cartValue(s.cartId, CartLocation.DEFAULT_LOCATION, s.cartValue), new CartProductObserved(
                s.merchantId, s.cartId, s.cartValue, true, true, "item", 4L, driftReadAt));

        JsonNode history = await().atMost(WAIT).until(() -> history(s, ""), h -> h.get("items").size() == 6);

        List<String> kinds = new ArrayList<>();
        history.get("items").forEach(item -> kinds.add(item.get("kind").asString() + "@"
                + Instant.parse(item.get("at").asString()) + "=" + item.path("quantity").asLong()));
        assertThat(kinds).containsExactly(
                "CART_READ@" + driftReadAt + "=4",
                "PUSH@" + secondPushAt + "=9",
                "LEVEL@" + secondLevelAt + "=9",
                "PUSH@" + s.attemptedAt + "=7",
                "CART_READ@" + s.cartReadAt + "=7",
                "LEVEL@" + s.levelLoadedAt + "=7");
        JsonNode drift = history.get("items").get(0).get("details");
        assertThat(drift.get("drift").asBoolean()).isTrue();
        assertThat(drift.get("lastConfirmed").asLong()).isEqualTo(9);
        JsonNode push = history.get("items").get(1);
        assertThat(push.get("outcome").asString()).isEqualTo("PUSHED");
        assertThat(push.get("details").get("available").asLong()).isEqualTo(9);
        assertThat(history.get("items").get(2).get("details").get("warehouses").get("WH-1").get("onHand").asLong())
                .isEqualTo(12);
        assertThat(history.get("items").get(4).get("details").has("drift")).isFalse(); // nothing confirmed before it
        assertThat(history.get("before").isNull()).isTrue();
    }

    @Test
    void pagesBackWithBefore() throws Exception {
        Scenario s = Scenario.of("history-pages", x -> {
        }).publish(events());
        await().atMost(WAIT).until(() -> history(s, "").get("items").size() == 3);

        JsonNode first = history(s, "?limit=2");
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = history(s, "?limit=2&before=" + first.get("before").asString());

        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("items").get(0).get("kind").asString()).isEqualTo("LEVEL");
        assertThat(second.get("before").isNull()).isTrue();
    }

    @Test
    void keepsTheNewestHundredEventsOfAValue() throws Exception {
        Scenario s = Scenario.of("history-bounded", x -> x.outcome = null).publish(events());
        Instant start = s.now.minus(Duration.ofHours(3));
        for (int i = 0; i < 130; i++) {
            push(s, i, start.plusSeconds(i));
        }

        JsonNode history = await().atMost(WAIT).until(() -> history(s, "?limit=500"),
                h -> pushes(h).size() >= SyncHistory.KEEP - 1 && pushes(h).get(0) == 129);

        // the value's hundred: its cart read (the newest) and the 99 newest pushes; the product's level besides
        assertThat(pushes(history)).hasSize(SyncHistory.KEEP - 1).startsWith(129L, 128L).endsWith(31L);
        assertThat(history.get("items")).hasSize(SyncHistory.KEEP + 1);
    }

    private static List<Long> pushes(JsonNode history) {
        List<Long> pushed = new ArrayList<>();
        history.get("items").forEach(item -> {
            if ("PUSH".equals(item.get("kind").asString())) {
                pushed.add(item.get("quantity").asLong());
            }
        });
        return pushed;
    }

    @Test
    void refusesALimitOverFiveHundredNamingTheParameter() throws Exception {
        var response = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/diagnostics/merchants/m-x/carts/c-x/skus/S-x/history?limit=501")
                .header("X-Api-Key", READ_KEY)).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"field\":\"limit\"");
    }

    private JsonNode history(Scenario s, String query) throws Exception {
        return getJson("/api/diagnostics/merchants/" + s.merchantId + "/carts/" + s.cartId + "/skus/" + s.cartValue
                + "/history" + query);
    }

    private void level(Scenario s, long onHand, long allocated, Instant at) {
        Map<String, WarehouseLevel> byWarehouse = new TreeMap<>(Map.of("WH-1",
                new WarehouseLevel(onHand, allocated, onHand - allocated, at, at)));
        events().send(Topics.INVENTORY_LEVELS, Keys.product(s.merchantId, s.productId), new InventoryLevelChanged(
                s.merchantId, s.productId, s.sku, s.aliases(), byWarehouse, null, at));
    }

    private void push(Scenario s, long quantity, Instant at) {
        events().send(Topics.CART_PUSH_RESULTS, Keys.cartValue(s.cartId, CartLocation.DEFAULT_LOCATION, s.cartValue), new CartPushRecorded(
                s.merchantId, s.cartId, s.cartValue, s.productId, quantity, PushOutcome.PUSHED, null, at, at, at));
    }
}
