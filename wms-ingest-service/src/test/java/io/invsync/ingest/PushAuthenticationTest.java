package io.invsync.ingest;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import io.invsync.events.EventJson;

class PushAuthenticationTest extends IngestTestBase {

    private static final String BODY = "{\"warehouseId\":\"W\",\"items\":[{\"sku\":\"S-1\",\"onHand\":3}]}";

    @Test
    void acceptsTheMerchantsPushKeyForItsOwnPushesOnly() throws Exception {
        automaticMerchant("keyed");
        automaticMerchant("other");
        String response = mvc.perform(post("/api/merchants/keyed/push-key").header("X-Api-Key", KEY))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String pushKey = EventJson.mapper().readTree(response).path("pushKey").asString();

        mvc.perform(post("/api/merchants/keyed/inventory").header("X-Api-Key", pushKey)
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isOk());
        mvc.perform(post("/api/merchants/other/inventory").header("X-Api-Key", pushKey)
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isUnauthorized());
        mvc.perform(put("/api/merchants/keyed").header("X-Api-Key", pushKey)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"inventorySync\":\"OFF\"}"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/merchants/keyed"))
                .andExpect(jsonPath("$.pushKeyIssued").value(true))
                .andExpect(content().string(Matchers.not(Matchers.containsString(pushKey))));
    }

    @Test
    void acceptsABodySignedWithTheWmsSecretAndRefusesABadSignature() throws Exception {
        merchant("signed", """
                {"inventorySync":"AUTOMATIC","wms":{"type":"HTTP_JSON","credentialsRef":"WMS_SIGNING"}}""");

        mvc.perform(post("/api/merchants/signed/inventory").header("X-Invsync-Signature", sign("signing-secret", BODY))
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(1));
        mvc.perform(post("/api/merchants/signed/inventory").header("X-Invsync-Signature", sign("guess", BODY))
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.errors[0].field").value("X-Invsync-Signature"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("signing-secret"))));
    }

    private static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
