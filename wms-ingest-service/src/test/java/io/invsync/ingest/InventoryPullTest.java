package io.invsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.EventJson;
import io.invsync.events.Topics;
import tools.jackson.databind.JsonNode;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InventoryPullTest extends IngestTestBase {

    private final FakeWms wms = new FakeWms("wms-token");

    InventoryPullTest() throws java.io.IOException {
    }

    @AfterAll
    void stop() {
        wms.close();
    }

    private void pullingMerchant(String merchantId, String path) throws Exception {
        merchant(merchantId, """
                {"inventorySync":"ON","pollInterval":"PT1H",
                 "wms":{"type":"HTTP_JSON","url":"%s","credentialsRef":"WMS_TOKEN"}}""".formatted(wms.url(path)));
    }

    /** Starts a pull now and waits for it to finish; returns the finished run. */
    private JsonNode runNow(String merchantId) throws Exception {
        String started = mvc.perform(post("/api/merchants/" + merchantId + "/inventory-runs").header("X-Api-Key", KEY))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getContentAsString();
        String runId = EventJson.mapper().readTree(started).path("runId").asString();
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            String history = mvc.perform(get("/api/merchants/" + merchantId + "/inventory-runs").header("X-Api-Key", KEY))
                    .andReturn().getResponse().getContentAsString();
            for (JsonNode run : EventJson.mapper().readTree(history)) {
                if (run.path("runId").asString().equals(runId)) {
                    return run;
                }
            }
            return null;
        }, run -> run != null && !run.path("status").asString().equals("RUNNING"));
    }

    @Test
    void pullsEveryPageWithTheBearerTokenAndPublishesTheRows() throws Exception {
        // page size 2 in the tests: a full page asks for the next one, a short one ends the run
        wms.pages("/paged", """
                {"warehouseId":"MAIN","items":[{"sku":"P-1","onHand":5},{"sku":"P-2","onHand":6}]}""", """
                {"warehouseId":"MAIN","items":[{"sku":"P-3","onHand":7,"allocated":2}]}""");
        pullingMerchant("puller", "/paged");

        JsonNode run = runNow("puller");

        assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.path("trigger").asString()).isEqualTo("MANUAL");
        assertThat(run.path("accepted").asLong()).isEqualTo(3);
        var quantities = readAtLeast(Topics.AVAILABLE_QUANTITIES, AvailableQuantityObserved.class,
                q -> q.merchantId().equals("puller"), 3);
        assertThat(quantities).extracting(AvailableQuantityObserved::sku).containsExactlyInAnyOrder("P-1", "P-2", "P-3");
    }

    @Test
    void rejectsAPulledRowObservedFarInTheFutureAndTakesTheOthers() throws Exception {
        wms.pages("/future", """
                {"warehouseId":"MAIN","items":[{"sku":"F-1","onHand":5,"observedAt":"2999-01-01T00:00:00Z"},
                  {"sku":"F-2","onHand":6}]}""");
        pullingMerchant("future-puller", "/future");

        JsonNode run = runNow("future-puller");

        assertThat(run.path("status").asString()).isEqualTo("PARTIAL");
        assertThat(run.path("rejections").path(0).path("field").asString()).isEqualTo("observedAt");
        assertThat(run.path("rejections").path(0).path("reason").asString()).contains("in the future");
        var quantities = readAtLeast(Topics.AVAILABLE_QUANTITIES, AvailableQuantityObserved.class,
                q -> q.merchantId().equals("future-puller"), 1);
        assertThat(quantities).extracting(AvailableQuantityObserved::sku).containsExactly("F-2");
    }

    @Test
    void aWmsAnswering500FailsTheRunWithAReadableErrorAndTheNextRunTriesAgain() throws Exception {
        wms.fail("/down", 500);
        pullingMerchant("down", "/down");

        JsonNode failed = runNow("down");
        assertThat(failed.path("status").asString()).isEqualTo("FAILED");
        assertThat(failed.path("error").asString()).contains("page 1").contains("HTTP 500").doesNotContain("wms-token");
        mvc.perform(get("/api/merchants/down").header("X-Api-Key", KEY)).andExpect(jsonPath("$.lastRunStatus").value("FAILED"));

        wms.pages("/down", "{\"items\":[{\"sku\":\"D-1\",\"onHand\":1}]}");
        wms.recover("/down");
        assertThat(runNow("down").path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aWmsThatAnswersGarbageOrNothingFailsTheRun() throws Exception {
        wms.garbage("/garbage", "<html>maintenance</html>");
        pullingMerchant("garbled", "/garbage");
        wms.hang("/slow");
        pullingMerchant("slow", "/slow");

        assertThat(runNow("garbled").path("error").asString()).contains("not JSON");
        assertThat(runNow("slow").path("error").asString()).contains("did not answer within");
    }

    @Test
    void refusesToPullWhenSyncIsOffOrAutomatic() throws Exception {
        merchant("off", "{\"inventorySync\":\"OFF\",\"wms\":{\"url\":\"" + wms.url("/paged") + "\"}}");
        automaticMerchant("pushes");

        mvc.perform(post("/api/merchants/off/inventory-runs").header("X-Api-Key", KEY))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("OFF")));
        mvc.perform(post("/api/merchants/pushes/inventory-runs").header("X-Api-Key", KEY))
                .andExpect(status().isConflict());
    }
}
