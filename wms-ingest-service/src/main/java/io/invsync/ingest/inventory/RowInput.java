package io.invsync.ingest.inventory;

import tools.jackson.databind.JsonNode;

/**
 * One row as read from a payload: its fields, or the reason it could not be read as a row at all (a CSV line
 * with the wrong number of cells, say). Such a row is rejected on its own; the rows around it still count.
 */
public record RowInput(JsonNode fields, String fault) {

    public static RowInput of(JsonNode fields) {
        return new RowInput(fields, null);
    }

    public static RowInput unreadable(String fault) {
        return new RowInput(null, fault);
    }
}
