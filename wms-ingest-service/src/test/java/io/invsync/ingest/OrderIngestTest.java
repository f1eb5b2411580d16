package io.invsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.Topics;

class OrderIngestTest extends IngestTestBase {

    @Test
    void publishesValidOrderLinesAndNamesTheBadOnes() throws Exception {
        automaticMerchant("shop");

        mvc.perform(post("/api/merchants/shop/orders").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"lines":[
                                  {"orderId":"o-1","cartId":"c1","sku":"A-1","quantity":2,"placedAt":"2026-11-27T10:00:00Z"},
                                  {"orderId":"o-2","sku":"A-1","quantity":0},
                                  {"orderId":"o-3","quantity":1},
                                  {"orderId":"o-4","sku":"B","quantity":1,"placedAt":"noon"}]}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.rejections[0].field").value("quantity"))
                .andExpect(jsonPath("$.rejections[1].field").value("sku"))
                .andExpect(jsonPath("$.rejections[2].field").value("placedAt"));

        var lines = readAtLeast(Topics.CART_ORDERS, CartOrderLineReceived.class, o -> o.merchantId().equals("shop"), 1);
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.orderId()).isEqualTo("o-1");
            assertThat(line.quantity()).isEqualTo(2);
            assertThat(line.cartId()).isEqualTo("c1");
        });
    }
}
