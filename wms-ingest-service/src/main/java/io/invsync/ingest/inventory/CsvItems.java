package io.invsync.ingest.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

import io.invsync.events.EventJson;
import io.invsync.support.BodyTooLargeException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@code text/csv} with a header row, one line at a time (RFC 4180 quoting: cells may be quoted, contain
 * commas, newlines and doubled quotes). Known columns (any case): warehouseId, productId, sku, onHand, allocated,
 * available, observedAt, components (a kit's, written {@code MUG*2|BOX*1}). Every other column is an alias named
 * after its header (UPC, MPN, …); an empty cell is absent: the product keeps the alias (or components) known.
 */
final class CsvItems implements Iterator<RowInput>, AutoCloseable {

    private static final Map<String, String> KNOWN = Map.of("warehouseid", "warehouseId", "productid", "productId",
            "sku", "sku", "onhand", "onHand", "allocated", "allocated", "available", "available",
            "observedat", "observedAt", "components", "components");

    private final BoundedLines reader;
    private final int maxLineChars;
    private final List<String> header;
    private RowInput next;
    private boolean done;

    /** @param maxLineChars the longest line, and the longest record (quoted cells may span lines) */
    CsvItems(InputStream body, int maxLineChars) {
        this.maxLineChars = maxLineChars;
        this.reader = new BoundedLines(new InputStreamReader(body, StandardCharsets.UTF_8), maxLineChars);
        List<String> cells = readRecord();
        if (cells == null || cells.stream().allMatch(String::isBlank)) {
            throw new PayloadException("body", "the CSV has no header row", false);
        }
        header = cells.stream().map(String::strip).map(h -> h.startsWith("\uFEFF") ? h.substring(1) : h).toList();
        if (header.stream().noneMatch(h -> h.equalsIgnoreCase("sku"))) {
            throw new PayloadException("sku", "the CSV header has no sku column (header: " + String.join(",", header)
                    + ")", false);
        }
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            List<String> cells = readRecord();
            if (cells == null) {
                done = true;
            } else if (!(cells.size() == 1 && cells.get(0).isBlank())) {
                next = toRow(cells);
            }
        }
        return next != null;
    }

    @Override
    public RowInput next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RowInput row = next;
        next = null;
        return row;
    }

    private RowInput toRow(List<String> cells) {
        if (cells.size() != header.size()) {
            return RowInput.unreadable("has " + cells.size() + " cells, the header has " + header.size());
        }
        ObjectNode row = EventJson.mapper().createObjectNode();
        ObjectNode aliases = row.putObject("aliases");
        for (int i = 0; i < header.size(); i++) {
            String value = cells.get(i).strip();
            if (value.isEmpty()) {
                continue;
            }
            String known = KNOWN.get(header.get(i).toLowerCase(Locale.ROOT));
            if (known != null) {
                row.put(known, value);
            } else {
                aliases.put(header.get(i), value);
            }
        }
        return RowInput.of(row);
    }

    /** One record, which may span lines inside quotes; null at the end of the input. */
    private List<String> readRecord() {
        try {
            String line = reader.readLine();
            if (line == null) {
                return null;
            }
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            while (true) {
                for (int i = 0; i < line.length(); i++) {
                    char c = line.charAt(i);
                    if (quoted) {
                        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            cell.append('"');
                            i++;
                        } else if (c == '"') {
                            quoted = false;
                        } else {
                            cell.append(c);
                        }
                    } else if (c == '"' && cell.toString().isBlank()) {
                        cell.setLength(0);
                        quoted = true;
                    } else if (c == ',') {
                        cells.add(cell.toString());
                        cell.setLength(0);
                    } else {
                        cell.append(c);
                    }
                }
                if (!quoted) {
                    break;
                }
                line = reader.readLine();
                if (line == null) {
                    throw new PayloadException("body", "the CSV ends inside a quoted cell", false);
                }
                cell.append('\n');
                if (cell.length() + line.length() > maxLineChars) {
                    throw new PayloadException("line", "the record ending on line " + reader.lineNumber()
                            + " is longer than the limit of " + maxLineChars + " characters", false);
                }
            }
            cells.add(cell.toString());
            return cells;
        } catch (BodyTooLargeException e) {
            throw new PayloadException("body", e.getMessage(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
