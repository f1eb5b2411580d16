package io.invsync.diagnostics.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.invsync.diagnostics.explain.Explanation;

/** The report's CSV as RFC 4180 has it, and safe to open in a spreadsheet. */
class DiscrepancyCsvTest {

    @Test
    void quotesAFieldWithACommaOrAQuoteAndDoublesTheQuote() {
        assertThat(DiscrepancyCsv.text("plain")).isEqualTo("plain");
        assertThat(DiscrepancyCsv.text("a, b")).isEqualTo("\"a, b\"");
        assertThat(DiscrepancyCsv.text("say \"7\"")).isEqualTo("\"say \"\"7\"\"\"");
        assertThat(DiscrepancyCsv.text("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(DiscrepancyCsv.text(null)).isEmpty();
    }

    @Test
    void neutralisesATextThatASpreadsheetWouldTakeForAFormula() {
        assertThat(DiscrepancyCsv.text("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(DiscrepancyCsv.text("+1")).isEqualTo("'+1");
        assertThat(DiscrepancyCsv.text("-1")).isEqualTo("'-1");
        assertThat(DiscrepancyCsv.text("@SUM")).isEqualTo("'@SUM");
        assertThat(DiscrepancyCsv.text("A-1")).isEqualTo("A-1");
    }

    @Test
    void writesAHeaderRowAndOneRowPerValueWithCrlfLineEnds() {
        Instant readAt = Instant.parse("2026-01-02T03:04:05Z");
        String csv = DiscrepancyCsv.write(List.of(
                new DiagnosticsController.Discrepancy("A-1", "QUANTITY_MATCH", true, "shows 5, 7 expected",
                        new Explanation.Quantities(10L, 3L, 7L, 0L, 7L, 7L, 7L, 5L, readAt), "2026-01-02T03:00:00Z"),
                new DiagnosticsController.Discrepancy("B-2", "CART_LAST_SYNC", false, "never",
                        new Explanation.Quantities(null, null, null, null, null, null, null, null, null), "never")));

        assertThat(csv).isEqualTo(DiscrepancyCsv.HEADER + "\r\n"
                + "A-1,QUANTITY_MATCH,true,7,7,5,2026-01-02T03:04:05Z,2026-01-02T03:00:00Z,\"shows 5, 7 expected\"\r\n"
                + "B-2,CART_LAST_SYNC,false,,,,,never,never\r\n");
    }
}
