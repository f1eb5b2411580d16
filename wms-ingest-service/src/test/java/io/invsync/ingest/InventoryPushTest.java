package io.invsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.Topics;

class InventoryPushTest extends IngestTestBase {

    private void merchant(String merchantId) throws Exception {
        automaticMerchant(merchantId);
    }

    @Test
    void publishesAvailableQuantitiesComputedFromOnHandMinusAllocated() throws Exception {
        merchant("m1");

        mvc.perform(post("/api/merchants/m1/inventory").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"warehouseId":"WH-1","observedAt":"2026-11-27T10:00:00Z",
                                 "items":[{"sku":"A-1","onHand":10,"allocated":3},
                                          {"sku":"B-2","onHand":5,"available":4}]}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUCCEEDED"))
                .andExpect(jsonPath("$.accepted").value(2));

        List<AvailableQuantityObserved> seen = readAtLeast(Topics.AVAILABLE_QUANTITIES,
                AvailableQuantityObserved.class, q -> q.merchantId().equals("m1"), 2);
        assertThat(seen).filteredOn(q -> q.merchantId().equals("m1"))
                .extracting(AvailableQuantityObserved::sku, AvailableQuantityObserved::available)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("A-1", 7L),
                        org.assertj.core.groups.Tuple.tuple("B-2", 4L));
    }

    @Test
    void keepsValidRowsOfAPartlyBadPayloadAndNamesEachRejectedRow() throws Exception {
        merchant("m2");

        mvc.perform(post("/api/merchants/m2/inventory").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"warehouseId":"WH-1","items":[
                                  {"sku":"OK-1","onHand":3},
                                  {"sku":"NEG","onHand":-1},
                                  {"onHand":2},
                                  {"sku":"TXT","onHand":"many"},
                                  {"sku":"MORE","onHand":2,"available":5}]}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PARTIAL"))
                .andExpect(jsonPath("$.read").value(5))
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.rejected").value(4))
                .andExpect(jsonPath("$.rejections[0].field").value("onHand"))
                .andExpect(jsonPath("$.rejections[1].field").value("sku"))
                .andExpect(jsonPath("$.rejections[2].reason").value("must be a whole number, was \"many\""))
                .andExpect(jsonPath("$.rejections[3].field").value("available"));

        mvc.perform(get("/api/merchants/m2").header("X-Api-Key", KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lastRunStatus").value("PARTIAL"));
    }

    @Test
    void answersMalformedJsonWithAProblemNamingTheFault() throws Exception {
        merchant("m3");

        mvc.perform(post("/api/merchants/m3/inventory").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"items\":[{\"sku\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/api/merchants/m3/inventory").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"warehouseId\":\"W\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("items"));
    }

    @Test
    void refusesAnUnknownMerchant() throws Exception {
        mvc.perform(post("/api/merchants/nobody/inventory").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"items\":[]}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.errors[0].field").value("merchantId"));
    }

    @Test
    void refusesWritesWithoutTheKeyOrWithAWrongOne() throws Exception {
        mvc.perform(put("/api/merchants/m4").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inventorySync\":\"ON\"}"))
                .andExpect(status().isUnauthorized());
        mvc.perform(put("/api/merchants/m4").header("X-Api-Key", "wrong").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inventorySync\":\"ON\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(KEY))));
    }

    @Test
    void validatesMerchantSettingsNamingTheField() throws Exception {
        mvc.perform(put("/api/merchants/m5").header("X-Api-Key", KEY).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inventorySync\":\"SOMETIMES\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("inventorySync"));
        mvc.perform(put("/api/merchants/m5").header("X-Api-Key", KEY).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("inventorySync"));
    }

    @Test
    void servesHealthPrometheusWithTheApplicationTagAndOpenApi() throws Exception {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                mvc.perform(get("/actuator/health")).andExpect(status().isOk()));
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("application=\"wms-ingest-service\"")));
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("/api/merchants/{merchantId}/inventory")));
    }
}
