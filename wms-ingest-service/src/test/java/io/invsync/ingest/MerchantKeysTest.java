package io.invsync.ingest;

import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

class MerchantKeysTest extends IngestTestBase {

    private static final String BODY = "{\"warehouseId\":\"W\",\"items\":[{\"sku\":\"S-1\",\"onHand\":3}]}";

    @Test
    void aPushKeyPushesItsOwnMerchantsInventoryAndOrdersAndNothingElse() throws Exception {
        automaticMerchant("keyed");
        automaticMerchant("other");
        String pushKey = issue("keyed", "PUSH").path("key").asString();

        mvc.perform(post("/api/merchants/keyed/inventory").header("X-Api-Key", pushKey)
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isOk());
        mvc.perform(post("/api/merchants/keyed/orders").header("X-Api-Key", pushKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"lines\":[{\"orderId\":\"o-1\",\"sku\":\"S-1\",\"quantity\":1}]}"))
                .andExpect(status().isOk());
        mvc.perform(post("/api/merchants/other/inventory").header("X-Api-Key", pushKey)
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.errors[0].field").value("X-Api-Key"));
        mvc.perform(put("/api/merchants/keyed").header("X-Api-Key", pushKey)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"inventorySync\":\"OFF\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/merchants/keyed").header("X-Api-Key", pushKey))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/merchants/keyed/inventory-runs").header("X-Api-Key", pushKey))
                .andExpect(status().isForbidden());
    }

    @Test
    void aReadKeyReadsItsOwnMerchantOnlyAndWritesNothing() throws Exception {
        automaticMerchant("reader");
        automaticMerchant("neighbour");
        String readKey = issue("reader", "READ").path("key").asString();

        mvc.perform(get("/api/merchants/reader").header("X-Api-Key", readKey))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.merchantId").value("reader"));
        mvc.perform(get("/api/merchants/reader/inventory-runs").header("X-Api-Key", readKey))
                .andExpect(status().isOk());
        mvc.perform(get("/api/merchants/neighbour").header("X-Api-Key", readKey))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/merchants/neighbour/inventory-runs").header("X-Api-Key", readKey))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/merchants/reader/inventory").header("X-Api-Key", readKey)
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/merchants/reader/keys").header("X-Api-Key", readKey)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"scope\":\"READ\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void theKeyIsShownOnceListedWithoutItAndStopsWorkingWhenRevoked() throws Exception {
        automaticMerchant("rotating");
        JsonNode issued = issue("rotating", "READ");
        String key = issued.path("key").asString();
        String keyId = issued.path("keyId").asString();

        mvc.perform(get("/api/merchants/rotating/keys").header("X-Api-Key", KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].keyId").value(keyId))
                .andExpect(jsonPath("$[0].scope").value("READ"))
                .andExpect(content().string(Matchers.not(Matchers.containsString(key))));
        mvc.perform(get("/api/merchants/rotating").header("X-Api-Key", key)).andExpect(status().isOk());

        mvc.perform(delete("/api/merchants/rotating/keys/" + keyId).header("X-Api-Key", KEY))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/merchants/rotating").header("X-Api-Key", key))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.errors[0].message").value("is not a valid key"));
        // the revocation is a tombstone on the topic: the key stays revoked when the table is read again
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                mvc.perform(get("/api/merchants/rotating/keys").header("X-Api-Key", KEY))
                        .andExpect(jsonPath("$.length()").value(0)));
    }

    @Test
    void aRequestWithoutAKeyIsRefusedOnEveryRouteReadsIncluded() throws Exception {
        automaticMerchant("guarded");
        mvc.perform(get("/api/merchants/guarded")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.errors[0].field").value("X-Api-Key"))
                .andExpect(jsonPath("$.errors[0].message").value("is required"));
        mvc.perform(get("/api/merchants/guarded/inventory-runs")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/merchants/guarded/keys")).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/merchants/guarded/keys").contentType(MediaType.APPLICATION_JSON)
                .content("{\"scope\":\"PUSH\"}")).andExpect(status().isUnauthorized());
        // open without a key (200 once the merchant keys are loaded: readiness is part of health)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                mvc.perform(get("/actuator/health")).andExpect(status().isOk()));
        mvc.perform(get("/actuator/env")).andExpect(status().isUnauthorized());
    }

    private JsonNode issue(String merchantId, String scope) throws Exception {
        String response = mvc.perform(post("/api/merchants/" + merchantId + "/keys").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"scope\":\"" + scope + "\"}"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return EventJson.mapper().readTree(response);
    }
}
