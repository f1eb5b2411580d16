package io.invsync.ingest.inventory;

import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;

import io.invsync.events.EventJson;
import io.invsync.support.BodyTooLargeException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code {warehouseId?, observedAt?, items:[…]}} as a stream: one item in memory at a time, so a file of
 * tens of megabytes costs no more than a small push. The fields that apply to every item must come before
 * {@code items} (or be sent as query parameters).
 */
final class JsonItems implements Iterator<RowInput>, AutoCloseable {

    private final JsonParser parser;
    private String warehouseId;
    private String observedAt;
    private boolean inItems;
    private boolean done;
    private JsonNode next;

    /** @param mapper the event settings with bounded string lengths ({@link EventJson#boundedMapper(int)}) */
    JsonItems(InputStream body, JsonMapper mapper) {
        try {
            this.parser = mapper.createParser(body);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new PayloadException("body", "must be a JSON object with warehouseId, observedAt and items",
                        false);
            }
            advanceToItems();
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    String warehouseId() {
        return warehouseId;
    }

    String observedAt() {
        return observedAt;
    }

    private void advanceToItems() {
        while (true) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_OBJECT || token == null) {
                throw new PayloadException("items", "items is required and must be an array", false);
            }
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "items" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw new PayloadException("items", "items must be an array", false);
                    }
                    inItems = true;
                    return;
                }
                case "warehouseId" -> warehouseId = scalar(name, value);
                case "observedAt" -> observedAt = scalar(name, value);
                default -> parser.skipChildren();
            }
        }
    }

    private String scalar(String name, JsonToken value) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!value.isScalarValue()) {
            throw new PayloadException(name, name + " must be a string", false);
        }
        return parser.getString();
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                done = true;
                finish();
                return false;
            }
            if (token == null) {
                throw new PayloadException("items", "the body ends inside items", false);
            }
            next = parser.readValueAsTree();
            return true;
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    /** After the items: only fields that do not change them may follow. */
    private void finish() {
        while (true) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_OBJECT || token == null) {
                return;
            }
            String name = parser.currentName();
            if ((name.equals("warehouseId") || name.equals("observedAt")) && inItems) {
                throw new PayloadException(name, name + " must come before items (or be a query parameter)",
                        false);
            }
            parser.nextToken();
            parser.skipChildren();
        }
    }

    @Override
    public RowInput next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JsonNode item = next;
        next = null;
        return RowInput.of(item);
    }

    @Override
    public void close() {
        parser.close();
    }

    private PayloadException malformed(JacksonException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadException payload) {
                return payload;
            }
            if (t instanceof BodyTooLargeException tooLarge) {
                return new PayloadException("body", tooLarge.getMessage(), true);
            }
        }
        if (e instanceof StreamConstraintsException) {
            String field = fieldAtParser();
            return new PayloadException(field, field + ": " + firstLine(e.getOriginalMessage()), false);
        }
        String first = firstLine(e.getOriginalMessage());
        var location = e.getLocation();
        return new PayloadException("body", "the body is not valid JSON"
                + (location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr())
                + ": " + first, false);
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }

    /** Where in an item the parser stands ({@code aliases.UPC}), or {@code body} outside the items. */
    private String fieldAtParser() {
        StringBuilder field = new StringBuilder();
        for (TokenStreamContext context = parser.streamReadContext(); context != null && !context.inArray();
                context = context.getParent()) {
            if (context.currentName() != null) {
                field.insert(0, field.isEmpty() ? context.currentName() : context.currentName() + ".");
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
