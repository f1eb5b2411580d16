package io.invsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.EventJson;
import io.invsync.events.ProductObserved;
import io.invsync.events.Topics;
import tools.jackson.databind.JsonNode;

class CsvAndFileIngestTest extends IngestTestBase {

    @LocalServerPort
    int port;

    @Test
    void takesCsvWithAliasColumnsQuotedCellsAndRejectsOnlyTheBadRow() throws Exception {
        automaticMerchant("csv1");
        String csv = """
                warehouseId,sku,onHand,allocated,UPC
                EAST,"SHIRT, RED",10,2,0123
                EAST,MUG,5
                WEST,"CAP ""PRO""\",4,0,
                """;

        mvc.perform(post("/api/merchants/csv1/inventory").header("X-Api-Key", KEY)
                        .contentType("text/csv").content(csv))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("PARTIAL"))
                .andExpect(jsonPath("$.read").value(3))
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.rejections[0].row").value(2))
                .andExpect(jsonPath("$.rejections[0].reason").value("has 3 cells, the header has 5"));

        var products = readAtLeast(Topics.PRODUCTS, ProductObserved.class, p -> p.merchantId().equals("csv1"), 2);
        assertThat(products).extracting(ProductObserved::sku).containsExactlyInAnyOrder("SHIRT, RED", "CAP \"PRO\"");
        assertThat(products).filteredOn(p -> p.sku().equals("SHIRT, RED")).first()
                .satisfies(p -> assertThat(p.aliases()).containsEntry("UPC", "0123"));
        var quantities = readAtLeast(Topics.AVAILABLE_QUANTITIES, AvailableQuantityObserved.class,
                q -> q.merchantId().equals("csv1"), 2);
        assertThat(quantities).extracting(AvailableQuantityObserved::warehouseId, AvailableQuantityObserved::available)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("EAST", 8L),
                        org.assertj.core.groups.Tuple.tuple("WEST", 4L));
    }

    @Test
    void streamsALargeFileSentWithoutALength() throws Exception {
        automaticMerchant("file1");
        int rows = 40_000;
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/merchants/file1/inventory?warehouseId=MAIN"))
                .header("Content-Type", "text/csv").header("X-Api-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> csvRows(rows))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode run = EventJson.mapper().readTree(response.body());
        assertThat(run.path("accepted").asLong()).isEqualTo(rows);
        assertThat(run.path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void refusesABodyOverTheLimitNamingTheFault() throws Exception {
        automaticMerchant("file2");
        byte[] big = new byte[3_500_000];
        java.util.Arrays.fill(big, (byte) ' ');

        mvc.perform(post("/api/merchants/file2/inventory").header("X-Api-Key", KEY)
                        .contentType("text/csv").content(big))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.errors[0].field").value("body"));
    }

    /** A CSV generated as it is read, so that neither side holds it whole. */
    private static InputStream csvRows(int rows) {
        return new InputStream() {
            private int row = -1;
            private byte[] line = new byte[0];
            private int at;

            @Override
            public int read() throws IOException {
                while (at >= line.length) {
                    if (row >= rows) {
                        return -1;
                    }
                    line = (row < 0 ? "sku,onHand,allocated,UPC\n" : "SKU-" + row + "," + (row % 50) + ",1,U" + row + "\n")
                            .getBytes(StandardCharsets.UTF_8);
                    row++;
                    at = 0;
                }
                return line[at++];
            }
        };
    }
}
