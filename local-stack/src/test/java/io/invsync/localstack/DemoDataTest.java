package io.invsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.invsync.simulator.WebhookCartSimulator;
import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

/**
 * The local stack's demo, loaded into the tests' stack as {@code LocalStack} loads it: what the banner tells a new
 * user to look at is true — each location gets its own sum, the floor holds a SKU at 0, the override caps one, and
 * the diagnostics say so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDataTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private SharedStack stack;
    private WebhookCartSimulator cart;

    @BeforeAll
    void loadTheDemo() throws Exception {
        stack = SharedStack.get();
        cart = new WebhookCartSimulator(SharedStack.DEMO_CART_SECRET, 0);
        cart.knownItems(DemoData.CART_CATALOG);
        new DemoData(SharedStack.ADMIN_KEY).load(stack.ingest, stack.cartPush, cart.url());
    }

    @AfterAll
    void close() {
        cart.close();
    }

    @Test
    void eachLocationOfTheDemoCartGetsTheSumOfItsOwnWarehouses() {
        // TSHIRT-RED-M: EAST 40 − 5 and WEST 12 − 0; STORE takes both, OUTLET WEST alone
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(cart.quantity(DemoData.STORE, DemoData.SKU_IN_SYNC)).isEqualTo(47);
            assertThat(cart.quantity(DemoData.OUTLET, DemoData.SKU_IN_SYNC)).isEqualTo(12);
        });
        JsonNode e = await().atMost(WAIT).until(() -> explain(DemoData.SKU_IN_SYNC),
                x -> "IN_SYNC".equals(x.path("verdict").asString()));
        assertThat(e.path("locations")).hasSize(2);
        assertThat(e.path("locations").get(0).path("location").asString()).isEqualTo(DemoData.STORE);
        assertThat(e.path("locations").get(0).path("expected").asLong()).isEqualTo(47);
        assertThat(e.path("locations").get(1).path("location").asString()).isEqualTo(DemoData.OUTLET);
        assertThat(e.path("locations").get(1).path("expected").asLong()).isEqualTo(12);
        assertThat(e.path("locations").get(1).path("verdict").asString()).isEqualTo("IN_SYNC");
    }

    @Test
    void theBannersOtherSkusShowTheFloorTheOverrideAndAValueTheCartLacks() {
        // TSHIRT-BLUE-M: 1 available in EAST, below the floor 2
        await().atMost(WAIT).until(() -> Long.valueOf(0).equals(cart.quantity(DemoData.STORE,
                DemoData.SKU_BELOW_FLOOR)));
        // MUG-TRAVEL: 8 available in WEST, capped at 5 by the override, at both locations
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(cart.quantity(DemoData.STORE, DemoData.SKU_CAPPED)).isEqualTo(DemoData.CAPPED_AT);
            assertThat(cart.quantity(DemoData.OUTLET, DemoData.SKU_CAPPED)).isEqualTo(DemoData.CAPPED_AT);
        });
        JsonNode capped = await().atMost(WAIT).until(() -> explain(DemoData.SKU_CAPPED),
                x -> "IN_SYNC".equals(x.path("verdict").asString()));
        assertThat(check(capped, "CHANNEL_RULES").path("status").asString()).isEqualTo("WARN");
        assertThat(check(capped, "CHANNEL_RULES").path("finding").asString()).contains("maximum 5: 8 → 5");

        JsonNode floor = await().atMost(WAIT).until(() -> explain(DemoData.SKU_BELOW_FLOOR),
                x -> "IN_SYNC".equals(x.path("verdict").asString()));
        assertThat(check(floor, "CART_MINIMUM_INVENTORY_LEVEL").path("status").asString()).isEqualTo("WARN");

        JsonNode missing = await().atMost(WAIT).until(() -> explain(DemoData.SKU_NOT_IN_CART),
                x -> "NOT_SYNCED".equals(x.path("verdict").asString()));
        assertThat(missing.path("cause").asString()).isEqualTo("CART_HAS_SKU");
    }

    @Test
    void theDemoKitIsComputedFromItsComponentsAndExplainedByTheLimitingOne() {
        // WEST: MUG-CLASSIC 24 ÷ 2 = 12, MUG-TRAVEL 8 ÷ 1 = 8 → 8 kits; EAST holds neither
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(cart.quantity(DemoData.STORE, DemoData.SKU_KIT)).isEqualTo(8);
            assertThat(cart.quantity(DemoData.OUTLET, DemoData.SKU_KIT)).isEqualTo(8);
        });
        JsonNode kit = await().atMost(WAIT).until(() -> explain(DemoData.SKU_KIT),
                x -> "IN_SYNC".equals(x.path("verdict").asString()));
        assertThat(check(kit, "KIT_COMPONENTS").path("status").asString()).isEqualTo("PASS");
        assertThat(check(kit, "KIT_COMPONENTS").path("finding").asString())
                .contains("2 × MUG-CLASSIC + 1 × MUG-TRAVEL").contains("WEST: MUG-TRAVEL limits it, 8 available ÷ 1 = 8");
    }

    private static JsonNode check(JsonNode explanation, String id) {
        for (JsonNode check : explanation.path("checks")) {
            if (id.equals(check.path("id").asString())) {
                return check;
            }
        }
        throw new AssertionError("no check " + id + " in " + explanation);
    }

    private JsonNode explain(String sku) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.diagnostics
                        + "/api/diagnostics/merchants/" + DemoData.MERCHANT + "/carts/" + DemoData.CART + "/skus/" + sku))
                .header("X-Api-Key", SharedStack.READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }
}
