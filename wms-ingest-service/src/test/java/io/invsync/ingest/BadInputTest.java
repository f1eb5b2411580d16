package io.invsync.ingest;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;

/** A table of bad rows and bad payloads: each bad row is rejected with its field and reason, never a 5xx. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest extends IngestTestBase {

    @BeforeAll
    void merchantExists() throws Exception {
        automaticMerchant("bad");
    }

    static Stream<Arguments> badRows() {
        return Stream.of(
                Arguments.of("{\"sku\":\"A\",\"onHand\":-1}", "onHand", "must not be negative"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":\"ten\"}", "onHand", "must be a whole number"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":1.5}", "onHand", "must be a whole number"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":99999999999999999999}", "onHand", "must be a whole number"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":2000000000}", "onHand", "must be at most"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":true}", "onHand", "must be a whole number"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":5,\"allocated\":-2}", "allocated", "must not be negative"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":5,\"available\":6}", "available", "more than onHand"),
                Arguments.of("{\"sku\":\"A\",\"available\":-1}", "available", "must not be negative"),
                Arguments.of("{\"sku\":\"A\"}", "onHand", "is required when available is not given"),
                Arguments.of("{\"onHand\":1}", "sku", "is required"),
                Arguments.of("{\"sku\":\"  \",\"onHand\":1}", "sku", "is required"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":1,\"warehouseId\":\"no spaces allowed\"}", "warehouseId",
                        "is not a warehouse id"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":1,\"aliases\":{\"upc\":\"1\"}}", "aliases.upc",
                        "upper-case"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":1,\"aliases\":{\"UPC\":7}}", "aliases.UPC",
                        "non-empty string"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":1,\"aliases\":[\"UPC\"]}", "aliases", "must be an object"),
                Arguments.of("\"just a string\"", "", "must be an object"),
                Arguments.of("{\"sku\":\"" + "X".repeat(300) + "\",\"onHand\":1}", "sku", "longer than 128"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":1,\"productId\":\"" + "P".repeat(129) + "\"}", "productId",
                        "longer than 128"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":1,\"aliases\":{" + manyAliases(1200) + "}}", "aliases",
                        "larger than the limit of 262144 bytes"),
                Arguments.of("{\"sku\":\"A\",\"onHand\":1,\"aliases\":{\"SKU\":null}}", "aliases.SKU",
                        "cannot be removed"),
                Arguments.of(kit("{\"sku\":\"MUG\",\"quantity\":2},{\"sku\":\"BOX\",\"quantity\":0}"),
                        "components[1].quantity", "must be from 1 to 1000000, was 0"),
                Arguments.of(kit("{\"sku\":\"MUG\",\"quantity\":2000000}"), "components[0].quantity",
                        "must be from 1 to 1000000"),
                Arguments.of(kit("{\"sku\":\"MUG\",\"quantity\":\"two\"}"), "components[0].quantity",
                        "must be a whole number"),
                Arguments.of(kit("{\"sku\":\"MUG\"}"), "components[0].quantity", "is required"),
                Arguments.of(kit("{\"quantity\":1}"), "components[0].sku", "is required"),
                Arguments.of(kit("{\"sku\":\"" + "C".repeat(129) + "\",\"quantity\":1}"), "components[0].sku",
                        "longer than 128"),
                Arguments.of(kit("{\"sku\":\"MUG\",\"quantity\":1},{\"sku\":\"KIT\",\"quantity\":1}"),
                        "components[1].sku", "the kit's own SKU"),
                Arguments.of(kit("{\"sku\":\"MUG\",\"quantity\":1},{\"sku\":\"MUG\",\"quantity\":2}"),
                        "components[1].sku", "listed twice"),
                Arguments.of(kit("\"MUG\""), "components[0]", "must be an object with sku and quantity"),
                Arguments.of(kit(manyComponents(101)), "components", "has 101 components, at most 100"),
                Arguments.of("{\"sku\":\"KIT\",\"onHand\":1,\"components\":{\"MUG\":2}}", "components",
                        "must be an array"));
    }

    /** A row of the kit {@code KIT} with these components (the inside of the JSON array). */
    private static String kit(String components) {
        return "{\"sku\":\"KIT\",\"onHand\":1,\"components\":[" + components + "]}";
    }

    private static String manyComponents(int count) {
        StringBuilder components = new StringBuilder();
        for (int i = 0; i < count; i++) {
            components.append(i == 0 ? "" : ",").append("{\"sku\":\"C-").append(i).append("\",\"quantity\":1}");
        }
        return components.toString();
    }

    /** {@code count} aliases of 250 characters each: every one within bounds, together over the event size. */
    private static String manyAliases(int count) {
        StringBuilder aliases = new StringBuilder();
        for (int i = 0; i < count; i++) {
            aliases.append(i == 0 ? "" : ",").append("\"A").append(i).append("\":\"").append("v".repeat(250))
                    .append('"');
        }
        return aliases.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRows")
    void rejectsTheBadRowNamingFieldAndFaultAndKeepsTheGoodOne(String row, String field, String reason)
            throws Exception {
        mvc.perform(post("/api/merchants/bad/inventory").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"warehouseId\":\"W\",\"items\":[{\"sku\":\"GOOD\",\"onHand\":1}," + row + "]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PARTIAL"))
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.rejections[0].row").value(2))
                .andExpect(jsonPath("$.rejections[0].field").value(field))
                .andExpect(jsonPath("$.rejections[0].reason").value(org.hamcrest.Matchers.containsString(reason)));
    }

    static Stream<Arguments> badPayloads() {
        return Stream.of(
                Arguments.of(MediaType.APPLICATION_JSON_VALUE, "", 400, "body"),
                Arguments.of(MediaType.APPLICATION_JSON_VALUE, "[1,2]", 400, "body"),
                Arguments.of(MediaType.APPLICATION_JSON_VALUE, "{\"warehouseId\":\"W\"}", 400, "items"),
                Arguments.of(MediaType.APPLICATION_JSON_VALUE, "{\"items\":{}}", 400, "items"),
                Arguments.of(MediaType.APPLICATION_JSON_VALUE, "{\"items\":[{\"sku\":\"A\",\"onHand\":1},", 400, "body"),
                Arguments.of(MediaType.APPLICATION_JSON_VALUE, "{\"observedAt\":\"yesterday\",\"items\":[]}", 400,
                        "observedAt"),
                Arguments.of(MediaType.APPLICATION_JSON_VALUE, "{\"items\":[],\"warehouseId\":\"LATE\"}", 400,
                        "warehouseId"),
                Arguments.of("text/csv", "", 400, "body"),
                Arguments.of("text/csv", "warehouseId,onHand\nW,1\n", 400, "sku"),
                Arguments.of("text/csv", "sku,onHand\n\"open quote,1\n", 400, "body"),
                Arguments.of(MediaType.APPLICATION_XML_VALUE, "<items/>", 415, null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badPayloads")
    void answersAnUnreadablePayloadWithAProblemNamingTheFault(String type, String body, int expected, String field)
            throws Exception {
        var result = mvc.perform(post("/api/merchants/bad/inventory").header("X-Api-Key", KEY)
                        .contentType(type).content(body))
                .andExpect(status().is(expected))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        if (field != null) {
            result.andExpect(jsonPath("$.errors[0].field").value(field));
        }
    }
}
