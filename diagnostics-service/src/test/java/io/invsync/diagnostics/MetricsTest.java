package io.invsync.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.invsync.events.PushOutcome;
import io.invsync.events.RunStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.JsonNode;

/** The service's own meters, fed by real events. */
class MetricsTest extends BrokerTestSupport {

    @Autowired
    MeterRegistry registry;

    private JsonNode explanationWhen(Scenario s, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            last[0] = explain(s);
            assertThat(condition.test(last[0])).as("explanation of %s: %s", s, last[0]).isTrue();
        });
        return last[0];
    }

    private Double gauge(String name, String... tags) {
        Gauge gauge = registry.find(name).tags(tags).gauge();
        return gauge == null ? null : gauge.value();
    }

    @Test
    void countsNotSyncedValuesPerCartAndCauseAndDropsToZeroWhenFixed() {
        Scenario s = Scenario.of("gauge", x -> {
            x.cartQuantity = 5L;
            x.cartReadAt = x.now.minus(Duration.ofSeconds(30));
        }).publish(events());

        await().atMost(WAIT).untilAsserted(() -> assertThat(gauge("invsync.discrepancies", "merchant", s.merchantId,
                "cart", s.cartId, "cause", "QUANTITY_MATCH")).isEqualTo(1.0));

        // the cart is read again and now shows what was pushed
        s.cartQuantity = 7L;
        s.cartReadAt = s.now;
        s.publishCartProduct(events());

        await().atMost(WAIT).untilAsserted(() -> assertThat(gauge("invsync.discrepancies", "merchant", s.merchantId,
                "cart", s.cartId, "cause", "QUANTITY_MATCH")).isEqualTo(0.0));
    }

    @Test
    void countsAChangeThatOutlivesThePendingGraceThroughTheSweepWithoutAnotherRecord() throws Exception {
        // a level loaded 100 s ago that no push has followed (the cart still shows the 5 pushed before it): PENDING
        // for the 2 minutes' grace, NOT_SYNCED after it, with nothing published in between
        Scenario s = Scenario.of("grace", x -> {
            x.levelObservedAt = x.now.minusSeconds(100);
            x.levelLoadedAt = x.levelObservedAt;
            x.attemptedAt = x.levelLoadedAt.minusSeconds(30);
            x.syncedAt = x.attemptedAt;
            x.pushedQuantity = 5L;
            x.cartQuantity = 5L;
        }).publish(events());
        explanationWhen(s, e -> "PENDING".equals(e.path("verdict").asString(null)));
        assertThat(gauge("invsync.discrepancies", "merchant", s.merchantId, "cart", s.cartId, "cause",
                "QUANTITY_MATCH")).as("not counted while pending").isNull();

        await().atMost(WAIT.multipliedBy(2)).untilAsserted(() -> assertThat(gauge("invsync.discrepancies", "merchant",
                s.merchantId, "cart", s.cartId, "cause", "QUANTITY_MATCH")).isEqualTo(1.0));
        assertThat(explain(s).path("verdict").asString()).isEqualTo("NOT_SYNCED");
        assertThat(s.levelLoadedAt.plus(Duration.ofMinutes(2))).as("counted once the grace ended")
                .isBefore(java.time.Instant.now());
    }

    @Test
    void recordsTheSyncLagFromTheWmsObservationToTheConfirmedPush() {
        Scenario s = Scenario.of("lag", x -> x.outcome = null).publish(events());
        explanationWhen(s, e -> "CART_LAST_SYNC".equals(e.path("cause").asString(null)));

        s.outcome = PushOutcome.PUSHED;
        s.attemptedAt = s.levelObservedAt.plusSeconds(40);
        s.syncedAt = s.levelObservedAt.plusSeconds(42);
        s.publishPushResult(events());

        await().atMost(WAIT).untilAsserted(() -> {
            Timer timer = registry.find("invsync.sync.lag").tags("cart", s.cartId).timer();
            assertThat(timer).isNotNull();
            assertThat(timer.count()).isEqualTo(1);
            assertThat(timer.totalTime(TimeUnit.SECONDS)).isCloseTo(42.0, within(0.001));
        });

        // pushed again without a newer observation (a resync): not a lag of that observation
        s.attemptedAt = s.now.minusSeconds(20);
        s.syncedAt = s.attemptedAt;
        s.publishPushResult(events());
        explanationWhen(s, e -> s.syncedAt.toString().equals(
                check(e, "CART_LAST_SYNC").path("evidence").path("syncedAt").asString(null)));
        assertThat(registry.find("invsync.sync.lag").tags("cart", s.cartId).timer().count()).isEqualTo(1);
    }

    @Test
    void reportsSecondsSinceTheLastInventoryRunFinished() {
        Scenario s = Scenario.of("run-age", x -> {
            x.runStatus = RunStatus.SUCCEEDED;
            x.runStartedAt = x.now.minusSeconds(150);
            x.runFinishedAt = x.now.minusSeconds(120);
        }).publish(events());

        await().atMost(WAIT).untilAsserted(() -> assertThat(gauge("invsync.inventory.run.age", "merchant",
                s.merchantId)).isNotNull().isBetween(119.0, 180.0));
    }

    @Test
    void exposesTheMetersToPrometheusWithTheApplicationTagAndLagBuckets() throws Exception {
        // the lag test's timer, or this one's, is enough to have buckets
        Scenario s = Scenario.of("scrape", x -> x.outcome = null).publish(events());
        explanationWhen(s, e -> "CART_LAST_SYNC".equals(e.path("cause").asString(null)));
        s.outcome = PushOutcome.PUSHED;
        s.syncedAt = s.levelObservedAt.plusSeconds(3);
        s.attemptedAt = s.syncedAt;
        s.publishPushResult(events());
        await().atMost(WAIT).until(() -> registry.find("invsync.sync.lag").tags("cart", s.cartId).timer() != null);
        await().atMost(WAIT).until(() -> registry.find("invsync.inventory.run.age").tags("merchant", s.merchantId)
                .gauge() != null);

        String scrape = mvc.perform(get("/actuator/prometheus")).andReturn().getResponse().getContentAsString();

        assertThat(scrape)
                .contains("invsync_sync_lag_seconds_bucket{application=\"diagnostics-service\",cart=\"" + s.cartId
                        + "\"")
                .contains("invsync_inventory_run_age_seconds{application=\"diagnostics-service\",merchant=\""
                        + s.merchantId + "\"")
                .contains("invsync_dlq_records_total{application=\"diagnostics-service\",topic=\"invsync.carts.v1\"}")
                .contains("# TYPE invsync_discrepancies gauge");
    }
}
