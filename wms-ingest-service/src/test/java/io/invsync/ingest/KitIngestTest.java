package io.invsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import io.invsync.events.KitComponent;
import io.invsync.events.ProductObserved;
import io.invsync.events.Topics;

/** Kits' components from JSON and CSV; kits that would nest and removed aliases, row by row. */
class KitIngestTest extends IngestTestBase {

    @Test
    void takesJsonComponentsAndRejectsOnlyTheRowsThatWouldNestKits() throws Exception {
        automaticMerchant("kits-json");
        String body = """
                {"warehouseId":"WH-1","items":[
                 {"sku":"MUG","onHand":7},
                 {"sku":"GIFT","onHand":2,"components":[{"sku":"MUG","quantity":2},{"sku":"BOX","quantity":1}]},
                 {"sku":"SUPER","onHand":0,"components":[{"sku":"CARD","quantity":1},{"sku":"GIFT","quantity":1}]},
                 {"sku":"BOX","onHand":5,"components":[{"sku":"TAPE","quantity":1}]},
                 {"sku":"BOX","onHand":5,"components":[]}
                ]}""";

        mvc.perform(post("/api/merchants/kits-json/inventory").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PARTIAL"))
                .andExpect(jsonPath("$.accepted").value(3))
                .andExpect(jsonPath("$.rejections[0].row").value(3))
                .andExpect(jsonPath("$.rejections[0].field").value("components[1].sku"))
                .andExpect(jsonPath("$.rejections[0].reason").value("'GIFT' is itself a kit; kits do not nest"))
                .andExpect(jsonPath("$.rejections[1].row").value(4))
                .andExpect(jsonPath("$.rejections[1].field").value("components"))
                .andExpect(jsonPath("$.rejections[1].reason").value(org.hamcrest.Matchers.containsString(
                        "is a component of kit 'GIFT'")));

        List<ProductObserved> products = readAtLeast(Topics.PRODUCTS, ProductObserved.class,
                p -> p.merchantId().equals("kits-json"), 3);
        assertThat(products).filteredOn(p -> p.sku().equals("GIFT")).singleElement().satisfies(gift -> {
            assertThat(gift.components()).containsExactly(new KitComponent("MUG", 2), new KitComponent("BOX", 1));
            assertThat(gift.kit()).isTrue();
        });
        assertThat(products).filteredOn(p -> p.sku().equals("MUG")).singleElement()
                .satisfies(mug -> assertThat(mug.components()).as("not mentioned").isNull());
        assertThat(products).filteredOn(p -> p.sku().equals("BOX")).singleElement()
                .satisfies(box -> assertThat(box.components()).as("explicitly not a kit").isEmpty());

        // a later payload: GIFT is known as a kit on this instance, so it cannot be a component
        mvc.perform(post("/api/merchants/kits-json/inventory").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"warehouseId":"WH-1","items":[{"sku":"HAMPER","onHand":0,
                                 "components":[{"sku":"GIFT","quantity":2}]},{"sku":"MUG","onHand":6}]}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.rejections[0].field").value("components[0].sku"))
                .andExpect(jsonPath("$.rejections[0].reason").value("'GIFT' is itself a kit; kits do not nest"));
    }

    @Test
    void takesTheCsvComponentsColumnAndRejectsAMalformedCellByItsComponent() throws Exception {
        automaticMerchant("kits-csv");
        String csv = """
                sku,onHand,components
                GIFT,1,MUG*2|BOX*1
                BAD-QUANTITY,1,MUG*x
                BAD-CELL,1,MUG*2|BOX
                ZERO,1,MUG*0
                PLAIN,3,
                """;

        mvc.perform(post("/api/merchants/kits-csv/inventory").header("X-Api-Key", KEY)
                        .contentType("text/csv").content(csv))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PARTIAL"))
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.rejections[0].row").value(2))
                .andExpect(jsonPath("$.rejections[0].field").value("components[0].quantity"))
                .andExpect(jsonPath("$.rejections[0].reason").value(org.hamcrest.Matchers.containsString(
                        "must be a whole number")))
                .andExpect(jsonPath("$.rejections[1].field").value("components[1]"))
                .andExpect(jsonPath("$.rejections[1].reason").value(org.hamcrest.Matchers.containsString(
                        "must be written SKU*QUANTITY")))
                .andExpect(jsonPath("$.rejections[2].field").value("components[0].quantity"))
                .andExpect(jsonPath("$.rejections[2].reason").value(org.hamcrest.Matchers.containsString(
                        "must be from 1 to 1000000, was 0")));

        List<ProductObserved> products = readAtLeast(Topics.PRODUCTS, ProductObserved.class,
                p -> p.merchantId().equals("kits-csv"), 2);
        assertThat(products).filteredOn(p -> p.sku().equals("GIFT")).singleElement().satisfies(gift -> assertThat(
                gift.components()).containsExactly(new KitComponent("MUG", 2), new KitComponent("BOX", 1)));
        assertThat(products).filteredOn(p -> p.sku().equals("PLAIN")).singleElement()
                .satisfies(plain -> assertThat(plain.components()).as("an empty cell says nothing").isNull());
    }

    @Test
    void carriesAnAliasSetToNullAsRemoved() throws Exception {
        automaticMerchant("kits-alias");
        mvc.perform(post("/api/merchants/kits-alias/inventory").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"warehouseId":"WH-1","items":[{"sku":"A-1","onHand":1,
                                 "aliases":{"UPC":null,"MPN":"M-1"}}]}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUCCEEDED"));

        ProductObserved product = readAtLeast(Topics.PRODUCTS, ProductObserved.class,
                p -> p.merchantId().equals("kits-alias"), 1).get(0);
        assertThat(product.removedAliases()).containsExactly("UPC");
        assertThat(product.aliases()).containsEntry("MPN", "M-1").doesNotContainKey("UPC");
    }
}
