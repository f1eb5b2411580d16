package io.invsync.ingest;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Merchant settings through the whole service, which allows loopback (the tests' WMS runs there). */
class MerchantSettingsTest extends IngestTestBase {

    private void save(String merchantId, String url, String credentialsRef) throws Exception {
        mvc.perform(put("/api/merchants/" + merchantId).header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"inventorySync":"ON","wms":{"type":"HTTP_JSON","url":"%s","credentialsRef":"%s"}}"""
                                .formatted(url, credentialsRef)))
                .andExpect(status().isOk());
    }

    @Test
    void withTheLoopbackAllowanceALocalWmsUrlIsSavedAndInsideAddressesStayRefused() throws Exception {
        save("wms-url", "https://localhost/inventory", "WMS_TOKEN");
        for (String inside : new String[] {"https://169.254.169.254/latest/meta-data/", "http://10.0.0.1/"}) {
            mvc.perform(put("/api/merchants/wms-url").header("X-Api-Key", KEY).contentType(MediaType.APPLICATION_JSON)
                            .content("""
                                    {"inventorySync":"ON","wms":{"type":"HTTP_JSON","url":"%s","credentialsRef":"WMS_TOKEN"}}"""
                                    .formatted(inside)))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("wms.url"));
        }
    }

    @Test
    void aWmsCredentialsRefGrantedToAnotherMerchantIsRefused() throws Exception {
        mvc.perform(put("/api/merchants/thief").header("X-Api-Key", KEY).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"inventorySync":"AUTOMATIC","wms":{"type":"HTTP_JSON","credentialsRef":"WMS_SIGNING"}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("wms.credentialsRef"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not granted")));
    }
}
