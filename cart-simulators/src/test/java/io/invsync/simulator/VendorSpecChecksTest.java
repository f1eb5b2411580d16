package io.invsync.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The checks behind the simulators catch what the vendors' published documents forbid, and pass what they allow.
 * Skipped, saying why, where shared/vendor-specs is not beside the project root.
 */
class VendorSpecChecksTest {

    private static final Map<String, List<String>> JSON_HEADERS = Map.of("Content-Type", List.of("application/json"),
            "Accept", List.of("application/json"), "X-Auth-Token", List.of("t"));

    private static SpecCheck.Request request(String method, String path, String query, String body) {
        return new SpecCheck.Request(method, path, query, JSON_HEADERS,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Everything the check finds: before the simulator answers and after. */
    private static List<String> problems(SpecCheck check, SpecCheck.Request request) {
        List<String> problems = new java.util.ArrayList<>(check.violations(request));
        problems.addAll(check.bodyViolations(request));
        return problems;
    }

    private static void assumeSpec(String relative) {
        assumeTrue(VendorSpecs.file(relative).isPresent(), VendorSpecs.absent(relative));
    }

    // ---- Shopify, Admin GraphQL 2026-04

    private static final String SET = """
            mutation Set($input: InventorySetQuantitiesInput!) {
              inventorySetQuantities(input: $input) @idempotent(key: "k-1") {
                inventoryAdjustmentGroup { id }
                userErrors { code field message }
              }
            }""";

    private static SpecCheck.Request graphql(String query, String variables) {
        return request("POST", "/admin/api/2026-04/graphql.json", null,
                "{\"query\":" + SimulatedApi.JSON.writeValueAsString(query) + ",\"variables\":" + variables + "}");
    }

    private static String quantity(String quantity, String extra) {
        return "{\"input\":{\"name\":\"available\",\"reason\":\"correction\",\"quantities\":[{\"inventoryItemId\":"
                + "\"gid://shopify/InventoryItem/1\",\"locationId\":\"gid://shopify/Location/1\",\"quantity\":"
                + quantity + ",\"changeFromQuantity\":null" + extra + "}]}}";
    }

    @Test
    void shopifyCheckPassesAConformingMutationAndCatchesUnknownFieldsWrongTypesAndOverflows() {
        assumeSpec(ShopifySimulator.SCHEMA);
        SpecCheck check = GraphqlCheck.of(ShopifySimulator.SCHEMA);

        assertThat(problems(check, graphql(SET, quantity("5", "")))).isEmpty();
        assertThat(problems(check, graphql(SET, quantity("5", ",\"compareQuantity\":3"))))
                .singleElement().asString().contains("compareQuantity");
        assertThat(problems(check, graphql(SET, quantity("\"five\"", "")))).singleElement().asString()
                .contains("Int");
        assertThat(problems(check, graphql(SET, quantity("2147483648", "")))).singleElement().asString()
                .contains("integer range");
        assertThat(problems(check, graphql(SET.replace("userErrors { code", "userErrors { kind"), quantity("5", ""))))
                .singleElement().asString().contains("kind");
        assertThat(problems(check, graphql(SET.replace("@idempotent(key: \"k-1\")", "@idempotent(id: \"k-1\")"),
                quantity("5", "")))).isNotEmpty();
    }

    // ---- BigCommerce, V3 inventory and catalog

    private static final String STORE = "/stores/simstore/v3";

    private static SpecCheck bigCommerce() {
        assumeSpec("bigcommerce/inventory.v3.yml");
        assumeSpec("bigcommerce/products_catalog.v3.yml");
        assumeSpec("bigcommerce/product-variants_catalog.v3.yml");
        return new BigCommerceSimulator("t", java.time.Duration.ZERO, 100, java.time.Duration.ofSeconds(1)).spec();
    }

    @Test
    void bigCommerceCheckHoldsCatalogReadsToTheirDocumentedMaximumAndBodiesToTheirFields() {
        SpecCheck check = bigCommerce();

        assertThat(problems(check, request("GET", STORE + "/catalog/products",
                "id:in=1,2&include_fields=sku,inventory_tracking&limit=250", null))).isEmpty();
        assertThat(problems(check, request("GET", STORE + "/catalog/products", "id:in=1,2&limit=251", null)))
                .singleElement().asString().contains("limit");
        assertThat(problems(check, request("GET", STORE + "/catalog/products", "ids=1,2", null)))
                .singleElement().asString().contains("ids");
        assertThat(problems(check, request("PUT", STORE + "/inventory/adjustments/absolute", null,
                "{\"reason\":\"r\",\"items\":[{\"location_id\":1,\"sku\":\"A\",\"quantity\":3}]}"))).isEmpty();
        assertThat(problems(check, request("PUT", STORE + "/inventory/adjustments/absolute", null,
                "{\"reason\":\"r\",\"items\":[{\"location_id\":1,\"sku\":\"A\",\"qty\":3}]}"))).isNotEmpty();
        assertThat(problems(check, request("DELETE", STORE + "/inventory/items", null, null))).isNotEmpty();
        assertThat(problems(check, request("GET", STORE + "/inventory/levels", null, null))).isNotEmpty();
    }

    // ---- Magento, Admin REST 2.4.9

    @Test
    void magentoCheckKnowsTheSearchCriteriaParametersByTheirDocumentedNames() {
        assumeSpec("magento/admin-schema-2.4.9.yaml");
        SpecCheck check = new MagentoSimulator("t").spec();
        String declared = "searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=sku"
                + "&searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=A,B"
                + "&searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5BconditionType%5D=in"
                + "&searchCriteria%5BpageSize%5D=2";

        assertThat(problems(check, request("GET", "/rest/all/V1/products", declared, null))).isEmpty();
        assertThat(problems(check, request("GET", "/rest/all/V1/products",
                declared.replace("filterGroups", "filter_groups"), null))).isNotEmpty();
        assertThat(problems(check, request("GET", "/rest/all/V1/products",
                declared.replace("%5B0%5D%5Bfilters", "%5B1%5D%5Bfilters"), null))).isNotEmpty();
        assertThat(problems(check, request("POST", "/rest/all/V1/inventory/source-items", null,
                "{\"sourceItems\":[{\"sku\":\"A\",\"source_code\":\"default\",\"quantity\":3,\"status\":1}]}")))
                .isEmpty();
        assertThat(problems(check, request("POST", "/rest/all/V1/inventory/source-items", null,
                "{\"sourceItems\":[{\"sku\":\"A\",\"source\":\"default\",\"quantity\":3}]}"))).isNotEmpty();
    }

    // ---- Amazon, Listings Items 2021-08-01

    @Test
    void amazonCheckRequiresTheMarketplaceAndADocumentedPatchOperation() {
        assumeSpec("amazon/listingsItems_2021-08-01.json");
        SpecCheck check = new AmazonSimulator("t", "S1", "M1", 5, 5).spec();
        String path = "/listings/2021-08-01/items/S1/SKU-1";
        String patch = "{\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\"replace\",\"path\":"
                + "\"/attributes/fulfillment_availability\",\"value\":[{\"fulfillment_channel_code\":\"DEFAULT\","
                + "\"quantity\":3}]}]}";

        assertThat(problems(check, request("GET", path, "marketplaceIds=M1&includedData=summaries,"
                + "fulfillmentAvailability", null))).isEmpty();
        assertThat(problems(check, request("GET", path, "includedData=summaries", null))).isNotEmpty();
        assertThat(problems(check, request("GET", path, "marketplaceIds=M1&includedData=everything", null)))
                .isNotEmpty();
        assertThat(problems(check, request("PATCH", path, "marketplaceIds=M1", patch))).isEmpty();
        assertThat(problems(check, request("PATCH", path, "marketplaceIds=M1", patch.replace("replace", "set"))))
                .isNotEmpty();
        assertThat(problems(check, request("PATCH", path, "marketplaceIds=M1", "{\"patches\":[]}"))).isNotEmpty();
    }

    // ---- Amazon, JSON_LISTINGS_FEED (listings-feed-schema-v2)

    private static String feed(String messages) {
        return "{\"header\":{\"sellerId\":\"S1\",\"version\":\"2.0\"},\"messages\":[" + messages + "]}";
    }

    private static final String FEED_PATCH = "{\"messageId\":1,\"sku\":\"SKU-1\",\"operationType\":\"PATCH\","
            + "\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\"replace\",\"path\":"
            + "\"/attributes/fulfillment_availability\",\"value\":[{\"fulfillment_channel_code\":\"DEFAULT\","
            + "\"quantity\":3}]}]}";

    private static SpecCheck.Request upload(String document) {
        return request("PUT", "/feed-uploads/d1", null, document);
    }

    @Test
    void amazonFeedCheckPassesAmazonsOwnExampleAndCatchesWhatTheFeedSchemasForbid() throws Exception {
        assumeSpec(ListingsFeedCheck.MESSAGE_SCHEMA);
        assumeSpec(ListingsFeedCheck.EXAMPLE);
        SpecCheck check = ListingsFeedCheck.of();
        String example = java.nio.file.Files.readString(VendorSpecs.file(ListingsFeedCheck.EXAMPLE).orElseThrow());

        assertThat(problems(check, upload(example))).isEmpty();
        assertThat(problems(check, upload(feed(FEED_PATCH)))).isEmpty();
        assertThat(problems(check, upload(feed(FEED_PATCH.replace(",\"patches\"", ",\"attributes\":{\"a\":1},"
                + "\"patches\""))))).as("attributes in a PATCH").isNotEmpty();
        assertThat(problems(check, upload(feed(FEED_PATCH.replace("\"productType\":\"PRODUCT\",", "")))))
                .as("a PATCH without productType").isNotEmpty();
        assertThat(problems(check, upload(feed(FEED_PATCH.replace("\"op\":\"replace\"", "\"op\":\"set\"")))))
                .as("an undocumented op").isNotEmpty();
        assertThat(problems(check, upload(feed(FEED_PATCH.replace("\"messageId\":1", "\"messageId\":0")))))
                .as("messageId from 1").isNotEmpty();
        assertThat(problems(check, upload(feed(FEED_PATCH).replace("\"2.0\"", "\"1.0\"")))).as("version")
                .isNotEmpty();
        assertThat(problems(check, upload(feed("")))).as("no messages").isNotEmpty();
        assertThat(problems(check, upload(feed(String.join(",", java.util.Collections.nCopies(
                ListingsFeedCheck.MAX_MESSAGES + 1, FEED_PATCH)))))).as("over 10,000 messages").isNotEmpty();
        assertThat(problems(check, upload("{\"messages\":[" + FEED_PATCH + "]}"))).as("no header").isNotEmpty();
    }
}
