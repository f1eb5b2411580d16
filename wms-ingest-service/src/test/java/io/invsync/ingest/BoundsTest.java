package io.invsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.EventJson;
import io.invsync.events.Topics;
import tools.jackson.databind.JsonNode;

/** Time sanity and bounded input (DESIGN §1 clock rule, §7): each bad thing is refused with its field, the rest flows. */
class BoundsTest extends IngestTestBase {

    private static final String FUTURE = "2999-01-01T00:00:00Z";

    @LocalServerPort
    int port;

    private org.springframework.test.web.servlet.ResultActions pushJson(String merchantId, String body)
            throws Exception {
        return mvc.perform(post("/api/merchants/" + merchantId + "/inventory").header("X-Api-Key", KEY)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void rejectsARowObservedFarInTheFutureWithTheReasonAndPublishesTheValidRowsAroundIt() throws Exception {
        automaticMerchant("future1");

        pushJson("future1", """
                {"warehouseId":"W","items":[
                  {"sku":"BEFORE","onHand":1},
                  {"sku":"FROZEN","onHand":9,"observedAt":"%s"},
                  {"sku":"AFTER","onHand":2}]}""".formatted(FUTURE))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PARTIAL"))
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.rejections[0].row").value(2))
                .andExpect(jsonPath("$.rejections[0].field").value("observedAt"))
                .andExpect(jsonPath("$.rejections[0].reason").value(containsString("in the future")))
                .andExpect(jsonPath("$.rejections[0].reason").value(containsString("PT5M")));

        var published = readAtLeast(Topics.AVAILABLE_QUANTITIES, AvailableQuantityObserved.class,
                q -> q.merchantId().equals("future1"), 2);
        assertThat(published).extracting(AvailableQuantityObserved::sku).containsExactlyInAnyOrder("BEFORE", "AFTER");
    }

    @Test
    void rejectsEveryRowOfACsvPushWhoseObservedAtParameterIsInTheFuture() throws Exception {
        automaticMerchant("future2");

        mvc.perform(post("/api/merchants/future2/inventory").param("observedAt", FUTURE).header("X-Api-Key", KEY)
                        .contentType("text/csv").content("sku,onHand\nA,1\nB,2\n"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.rejected").value(2))
                .andExpect(jsonPath("$.rejections[1].field").value("observedAt"));
    }

    @Test
    void takesACsvObservedAtColumnAndRejectsOnlyTheFutureRow() throws Exception {
        automaticMerchant("future3");
        String recent = Instant.now().minusSeconds(60).toString();

        mvc.perform(post("/api/merchants/future3/inventory").header("X-Api-Key", KEY).contentType("text/csv")
                        .content("sku,onHand,observedAt\nA,1," + recent + "\nB,2," + FUTURE + "\n"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PARTIAL"))
                .andExpect(jsonPath("$.rejections[0].row").value(2))
                .andExpect(jsonPath("$.rejections[0].field").value("observedAt"));

        var published = readAtLeast(Topics.AVAILABLE_QUANTITIES, AvailableQuantityObserved.class,
                q -> q.merchantId().equals("future3"), 1);
        assertThat(published).singleElement().satisfies(q -> assertThat(q.observedAt()).isEqualTo(Instant.parse(recent)));
    }

    @Test
    void rejectsAnOrderLinePlacedFarInTheFutureAndTakesTheOthers() throws Exception {
        automaticMerchant("future4");
        String now = Instant.now().toString();

        mvc.perform(post("/api/merchants/future4/orders").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"lines":[
                                  {"orderId":"o-late","sku":"A","quantity":1,"placedAt":"%s"},
                                  {"orderId":"o-now","sku":"A","quantity":2,"placedAt":"%s"}]}""".formatted(FUTURE, now)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.rejections[0].line").value(1))
                .andExpect(jsonPath("$.rejections[0].field").value("placedAt"))
                .andExpect(jsonPath("$.rejections[0].reason").value(containsString("in the future")));

        var lines = readAtLeast(Topics.CART_ORDERS, CartOrderLineReceived.class, o -> o.merchantId().equals("future4"), 1);
        assertThat(lines).extracting(CartOrderLineReceived::orderId).containsExactly("o-now");
    }

    @Test
    void refusesA2MegabyteAliasValueNamingTheFieldWithoutEchoingItAndKeepsServing() throws Exception {
        automaticMerchant("huge1");
        String huge = "U".repeat(2 * 1024 * 1024);

        pushJson("huge1", "{\"warehouseId\":\"W\",\"items\":[{\"sku\":\"OK-1\",\"onHand\":1},"
                + "{\"sku\":\"BIG\",\"onHand\":1,\"aliases\":{\"UPC\":\"" + huge + "\"}}]}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("aliases.UPC"))
                .andExpect(jsonPath("$.run.accepted").value(1))
                .andExpect(result -> assertThat(result.getResponse().getContentAsString()).hasSizeLessThan(5000));

        pushJson("huge1", "{\"warehouseId\":\"W\",\"items\":[{\"sku\":\"OK-2\",\"onHand\":2}]}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUCCEEDED"));
        var published = readAtLeast(Topics.AVAILABLE_QUANTITIES, AvailableQuantityObserved.class,
                q -> q.merchantId().equals("huge1"), 2);
        assertThat(published).extracting(AvailableQuantityObserved::sku).containsExactlyInAnyOrder("OK-1", "OK-2");
    }

    @Test
    void rejectsAnAliasValueOver256CharactersWithItsRowShowingOnlyItsStart() throws Exception {
        automaticMerchant("huge2");

        pushJson("huge2", "{\"items\":[{\"sku\":\"OK\",\"onHand\":1},"
                + "{\"sku\":\"LONG\",\"onHand\":1,\"aliases\":{\"MPN\":\"" + "M".repeat(300) + "\"}}]}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PARTIAL"))
                .andExpect(jsonPath("$.rejections[0].field").value("aliases.MPN"))
                .andExpect(jsonPath("$.rejections[0].reason").value(containsString("at most 256")))
                .andExpect(jsonPath("$.rejections[0].reason").value(containsString("(300 characters)")));
    }

    @Test
    void refusesTheThousandAndFirstWarehouseOfAMerchantAndKeepsTakingItsKnownOnes() throws Exception {
        automaticMerchant("wide");
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\":\"WIDE\",\"onHand\":1,\"warehouseId\":\"W").append(i)
                    .append("\"}");
        }

        pushJson("wide", "{\"items\":[" + items + "]}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PARTIAL"))
                .andExpect(jsonPath("$.accepted").value(1000))
                .andExpect(jsonPath("$.rejected").value(9000))
                .andExpect(jsonPath("$.rejections[0].row").value(1001))
                .andExpect(jsonPath("$.rejections[0].field").value("warehouseId"))
                .andExpect(jsonPath("$.rejections[0].reason").value(containsString("1000 warehouses")));

        pushJson("wide", "{\"items\":[{\"sku\":\"NARROW\",\"onHand\":3,\"warehouseId\":\"W7\"}]}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUCCEEDED"));
    }

    @Test
    void answers413NamingTheBodyForAnOversizedSettingsBody() throws Exception {
        mvc.perform(put("/api/merchants/big-settings").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + "n".repeat(300 * 1024) + "\",\"inventorySync\":\"AUTOMATIC\"}"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("body"));
    }

    @Test
    void answers413NamingTheBodyForAnOversizedOrdersBody() throws Exception {
        automaticMerchant("big-orders");
        StringBuilder lines = new StringBuilder();
        while (lines.length() < 4_300_000) {
            lines.append(lines.isEmpty() ? "" : ",").append("{\"orderId\":\"o\",\"sku\":\"A\",\"quantity\":1}");
        }

        mvc.perform(post("/api/merchants/big-orders/orders").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"lines\":[" + lines + "]}"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.errors[0].field").value("body"));
    }

    @Test
    void refusesAnOverlongJsonStringInASettingsBodyNamingTheField() throws Exception {
        mvc.perform(put("/api/merchants/long-name").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + "n".repeat(100_000) + "\",\"inventorySync\":\"AUTOMATIC\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.detail").value(containsString("65536")));
    }

    @Test
    void anOrderIdOver128CharactersIsRejectedShowingOnlyItsStartAndLength() throws Exception {
        automaticMerchant("long-ids");

        mvc.perform(post("/api/merchants/long-ids/orders").header("X-Api-Key", KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"lines\":[{\"orderId\":\"" + "o".repeat(5000) + "\",\"sku\":\"A\",\"quantity\":1}]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rejections[0].field").value("orderId"))
                .andExpect(jsonPath("$.rejections[0].reason").value(containsString("(5000 characters)")))
                .andExpect(result -> assertThat(result.getResponse().getContentAsString()).hasSizeLessThan(1000));
    }

    @Test
    void answersA100MegabyteCsvLineQuicklyWith400NamingTheLineAndKeepsServing() throws Exception {
        automaticMerchant("longline");
        long started = System.nanoTime();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/merchants/longline/inventory"))
                .header("Content-Type", "text/csv").header("X-Api-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> oneLongLine(100L * 1024 * 1024))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = EventJson.mapper().readTree(response.body());
        assertThat(problem.path("errors").path(0).path("field").asString()).isEqualTo("line");
        assertThat(problem.path("detail").asString()).contains("line 2", "65536");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        mvc.perform(post("/api/merchants/longline/inventory").header("X-Api-Key", KEY)
                        .contentType("text/csv").content("sku,onHand\nSHORT,1\n"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SUCCEEDED"));
    }

    /** A header row and then one line of {@code bytes} bytes, generated as it is read (never held). */
    static InputStream oneLongLine(long bytes) {
        byte[] header = "sku,onHand\n".getBytes(StandardCharsets.US_ASCII);
        return new InputStream() {
            private long at;

            @Override
            public int read() {
                if (at >= header.length + bytes) {
                    return -1;
                }
                byte b = at < header.length ? header[(int) at] : (byte) 'A';
                at++;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (at >= header.length + bytes) {
                    return -1;
                }
                int n = 0;
                while (n < length && at < header.length + bytes) {
                    buffer[offset + n++] = at < header.length ? header[(int) at] : (byte) 'A';
                    at++;
                }
                return n;
            }
        };
    }
}
