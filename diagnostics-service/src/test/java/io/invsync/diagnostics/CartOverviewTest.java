package io.invsync.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

import io.invsync.events.EventJson;
import tools.jackson.databind.JsonNode;

/**
 * The cart overview the web page draws, and the discrepancy report as CSV, on the broker: the counts are the read
 * model's, the lags the instance's own histogram, the rows those of the JSON report.
 */
class CartOverviewTest extends BrokerTestSupport {

    private static Map<String, Long> counts(JsonNode list) {
        Map<String, Long> counts = new TreeMap<>();
        list.forEach(c -> counts.put(c.get("name").asString(), c.get("count").asLong()));
        return counts;
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(c -> names.add(c.get("name").asString()));
        return names;
    }

    @Test
    void countsTheCartsValuesByVerdictAndCauseWithItsLagsItsMerchantsRunAndItsReads() throws Exception {
        CartOverviewScenario cart = new CartOverviewScenario("overview").publish(this);

        // the counts pass through other causes while the records arrive (the rejected value is never synced until
        // its result is read): until they settle
        Map<String, Long> expected = Map.of("CART_HAS_SKU", 1L, "CART_LAST_PUSH", 1L, "QUANTITY_MATCH", 2L);
        JsonNode overview = await().atMost(WAIT).until(() -> getJson(cart.overviewPath()),
                o -> counts(o.get("byCause")).equals(expected) && o.get("syncLag").get("count").asLong() == 3);

        assertThat(names(overview.get("byCause"))).as("checklist order")
                .containsExactly("CART_HAS_SKU", "CART_LAST_PUSH", "QUANTITY_MATCH");
        assertThat(overview.get("values").asLong()).isEqualTo(5);
        assertThat(counts(overview.get("byVerdict"))).isEqualTo(Map.of("NOT_SYNCED", 4L, "IN_SYNC_OR_PENDING", 1L));
        assertThat(overview.get("inventorySync").asString()).isEqualTo("ON");
        assertThat(overview.get("inventoryUploadEnabled").asBoolean()).isTrue();

        JsonNode lag = overview.get("syncLag");
        assertThat(lag.get("meanSeconds").asDouble()).isCloseTo(661 / 3.0, within(0.001));
        long inBuckets = 0;
        for (JsonNode bucket : lag.get("buckets")) {
            inBuckets += bucket.get("count").asLong();
        }
        assertThat(inBuckets).isEqualTo(3);
        for (long seconds : CartOverviewScenario.LAGS) {
            List<Long> holding = new ArrayList<>();
            lag.get("buckets").forEach(b -> {
                if (b.get("fromSeconds").asDouble() < seconds && seconds <= b.get("toSeconds").asDouble()) {
                    holding.add(b.get("count").asLong());
                }
            });
            assertThat(holding).as("the bucket of " + seconds + " s").containsExactly(1L);
        }
        assertThat(lag.get("percentiles").get(0).get("quantile").asDouble()).isEqualTo(0.5);
        assertThat(lag.get("percentiles").get(0).get("atMostSeconds").asDouble()).isBetween(120.0, 160.0);

        JsonNode run = overview.get("lastRun");
        assertThat(run.get("status").asString()).isEqualTo("RUNNING");
        assertThat(run.get("runId").asString()).isEqualTo("run-overview");
        assertThat(run.get("read").asLong()).isEqualTo(120);
        assertThat(run.get("rejected").asLong()).isEqualTo(2);
        assertThat(run.get("finishedAt").isNull()).isTrue();

        JsonNode reads = overview.get("reconciliation");
        assertThat(reads.get("valuesRead").asLong()).isEqualTo(5);
        assertThat(reads.get("withQuantity").asLong()).as("the value not in the cart has no quantity").isEqualTo(4);
        assertThat(reads.get("newestReadAt").asString()).isEqualTo(cart.driftB.cartReadAt.toString());
        assertThat(reads.get("oldestReadAt").asString()).isEqualTo(cart.inSync.cartReadAt.toString());
        assertThat(reads.get("quantityMismatches").asLong()).isEqualTo(2);
    }

    @Test
    void answersNotFoundForACartTheMerchantDoesNotHave() throws Exception {
        Scenario s = Scenario.of("overview-other", x -> {
        }).publish(events());
        await().atMost(WAIT).until(() -> explain(s).path("verdict").asString().equals("IN_SYNC"));

        MockHttpServletResponse response = mvc.perform(get("/api/diagnostics/merchants/" + s.merchantId
                + "/carts/c-no-such-cart/overview").header("X-Api-Key", READ_KEY)).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("c-no-such-cart");
    }

    @Test
    void downloadsTheReportAsCsvQuotingAReasonWithACommaAndQuotes() throws Exception {
        CartOverviewScenario cart = new CartOverviewScenario("csv").publish(this);
        JsonNode report = settledReport(cart);

        MockHttpServletResponse response = mvc.perform(get(cart.discrepanciesPath() + "?sort=cause&format=csv")
                .header("X-Api-Key", READ_KEY)).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("text/csv");
        assertThat(response.getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"discrepancies-m-csv-c-csv.csv\"");
        String[] lines = response.getContentAsString().split("\r\n", -1);
        assertThat(lines).hasSize(6); // the header, four rows, and the empty rest after the last CRLF
        assertThat(lines[0]).isEqualTo("aliasValue,cause,drift,expected,pushed,cart,cartReadAt,lastSync,finding");
        assertThat(lines[5]).isEmpty();
        List<String> valuesAndCauses = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            valuesAndCauses.add(lines[i].substring(0, lines[i].indexOf(',', lines[i].indexOf(',') + 1)));
        }
        assertThat(valuesAndCauses).containsExactly(cart.notInCart.sku + ",CART_HAS_SKU",
                cart.rejected.sku + ",CART_LAST_PUSH", cart.driftA.sku + ",QUANTITY_MATCH",
                cart.driftB.sku + ",QUANTITY_MATCH");

        Scenario r = cart.rejected;
        String lastSync = report.get("items").get(1).get("lastSync").asString();
        assertThat(lines[2]).isEqualTo(r.sku + ",CART_LAST_PUSH,false,7,,7," + r.cartReadAt + "," + lastSync
                + ",\"The last push (" + r.attemptedAt + ") was REJECTED: cart said: \"\"quantity\"\" must be whole, "
                + "got \"\"7.5\"\"\"");
        Scenario d = cart.driftA;
        assertThat(lines[3]).startsWith(d.sku + ",QUANTITY_MATCH,true,7,7,5," + d.cartReadAt + ","
                + d.syncedAt + ",\"A read of the cart at " + d.cartReadAt + " shows 5 but 7 is expected");
    }

    @Test
    void pagesTheCsvAsTheReportAndRefusesWhatTheReportRefuses() throws Exception {
        CartOverviewScenario cart = new CartOverviewScenario("csv-pages").publish(this);
        settledReport(cart);

        String page = mvc.perform(get(cart.discrepanciesPath() + "?format=csv&sort=cause&offset=1&limit=2")
                .header("X-Api-Key", READ_KEY)).andReturn().getResponse().getContentAsString();
        assertThat(page.split("\r\n")).hasSize(3);
        assertThat(page.split("\r\n")[1]).startsWith(cart.rejected.sku + ",");
        assertThat(page.split("\r\n")[2]).startsWith(cart.driftA.sku + ",");

        String drift = mvc.perform(get(cart.discrepanciesPath() + "?format=csv&cause=QUANTITY_MATCH")
                .header("X-Api-Key", READ_KEY)).andReturn().getResponse().getContentAsString();
        assertThat(drift.split("\r\n")).hasSize(3).allSatisfy(line -> assertThat(line).doesNotContain("CART_"));

        assertRefused(cart.discrepanciesPath() + "?format=csv&limit=1001", "limit");
        assertRefused(cart.discrepanciesPath() + "?format=csv&sort=size", "sort");
        assertRefused(cart.discrepanciesPath() + "?format=xml", "format");
        assertRefused(cart.discrepanciesPath() + "?cause=NO_SUCH_CHECK", "cause");
    }

    @Test
    void describesTheOverviewAndTheCsvInTheOpenApiDocument() throws Exception {
        JsonNode paths = EventJson.mapper().readTree(mvc.perform(get("/v3/api-docs")).andReturn().getResponse()
                .getContentAsString()).get("paths");

        JsonNode overview = paths.get("/api/diagnostics/merchants/{merchantId}/carts/{cartId}/overview").get("get")
                .get("responses").get("200").get("content");
        assertThat(overview.findValue("$ref").asString()).endsWith("/CartOverview");
        JsonNode report = paths.get("/api/diagnostics/merchants/{merchantId}/carts/{cartId}/discrepancies").get("get")
                .get("responses").get("200").get("content");
        assertThat(report.propertyNames()).contains("text/csv");
    }

    /** The JSON report by cause once every record has been read (values pass through other causes before). */
    private JsonNode settledReport(CartOverviewScenario cart) {
        List<String> expected = List.of("CART_HAS_SKU", "CART_LAST_PUSH", "QUANTITY_MATCH", "QUANTITY_MATCH");
        return await().atMost(WAIT).until(() -> getJson(cart.discrepanciesPath() + "?sort=cause"), r -> {
            List<String> causes = new ArrayList<>();
            r.get("items").forEach(item -> causes.add(item.get("cause").asString()));
            return causes.equals(expected) && r.get("items").get(2).get("drift").asBoolean()
                    && r.get("items").get(3).get("drift").asBoolean();
        });
    }

    private void assertRefused(String path, String field) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(path).header("X-Api-Key", READ_KEY)).andReturn()
                .getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).as(path).contains("\"field\":\"" + field + "\"");
    }
}
