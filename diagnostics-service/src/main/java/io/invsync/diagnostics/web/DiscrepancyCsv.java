package io.invsync.diagnostics.web;

import java.util.List;

import io.invsync.diagnostics.explain.Explanation;

/**
 * The discrepancy report as CSV (RFC 4180): a header row, CRLF line ends, a field quoted when it holds a comma, a
 * quote or a line break, a quote inside doubled. A text field that a spreadsheet would take for a formula (leading
 * {@code = + - @}, tab or CR) gets a leading {@code '}: alias values and findings come from WMS and cart data, and a
 * download is opened in spreadsheets.
 */
final class DiscrepancyCsv {

    static final String HEADER = "aliasValue,cause,drift,expected,pushed,cart,cartReadAt,lastSync,finding";

    private DiscrepancyCsv() {
    }

    static String write(List<DiagnosticsController.Discrepancy> rows) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (DiagnosticsController.Discrepancy row : rows) {
            Explanation.Quantities q = row.quantities();
            csv.append(text(row.aliasValue())).append(',')
                    .append(text(row.cause())).append(',')
                    .append(row.drift()).append(',')
                    .append(number(q == null ? null : q.expected())).append(',')
                    .append(number(q == null ? null : q.pushed())).append(',')
                    .append(number(q == null ? null : q.cart())).append(',')
                    .append(q == null || q.cartReadAt() == null ? "" : q.cartReadAt().toString()).append(',')
                    .append(text(row.lastSync())).append(',')
                    .append(text(row.finding())).append("\r\n");
        }
        return csv.toString();
    }

    private static String number(Long value) {
        return value == null ? "" : value.toString();
    }

    /** One text field, neutralised as a formula and quoted as RFC 4180 asks. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String field = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0;
        return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
