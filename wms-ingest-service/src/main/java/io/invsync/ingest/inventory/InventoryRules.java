package io.invsync.ingest.inventory;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.invsync.events.EventJson;
import io.invsync.events.InvalidFieldException;
import io.invsync.events.InventoryRunRecorded.Rejection;
import io.invsync.events.Limits;
import tools.jackson.databind.JsonNode;

/**
 * Turns one item of an inventory payload into a row, or into the reason it was rejected. Sync uses available,
 * never on-hand: a WMS that sends {@code available} is trusted; otherwise it is on hand minus allocated
 * (negative when more is allocated than is on hand; that is kept, and pushed as 0).
 */
final class InventoryRules {

    static final String DEFAULT_WAREHOUSE = "DEFAULT";
    static final long MAX_QUANTITY = 1_000_000_000L;
    private static final Pattern WAREHOUSE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,"
            + (Limits.MAX_ID - 1) + "}");
    private static final Pattern ALIAS_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0," + (Limits.MAX_ALIAS_NAME - 1) + "}");

    private InventoryRules() {
    }

    sealed interface Outcome permits Accepted, Rejected {
    }

    record Accepted(InventoryRow row) implements Outcome {
    }

    record Rejected(Rejection rejection) implements Outcome {
    }

    /**
     * What applies to every row of one payload.
     *
     * @param defaultWarehouse the payload's warehouse (or null: {@value #DEFAULT_WAREHOUSE})
     * @param observedAt the payload's observedAt, already parsed (a row may carry its own)
     * @param now invsync's clock, for the clock rule
     * @param clockSkew how far ahead of {@code now} an observedAt may be
     */
    record Payload(String defaultWarehouse, Instant observedAt, Instant now, Duration clockSkew) {
    }

    static Outcome check(long rowNumber, RowInput input, Payload payload) {
        if (input.fault() != null) {
            return reject(rowNumber, null, "", input.fault());
        }
        JsonNode item = input.fields();
        if (item == null || !item.isObject()) {
            return reject(rowNumber, null, "", "must be an object");
        }
        JsonNode skuNode = item.get("sku");
        if (skuNode != null && skuNode.isContainer()) {
            return reject(rowNumber, null, "sku", "must be a string, was " + abbreviate(skuNode.toString()));
        }
        String sku = text(item, "sku");
        if (sku == null || sku.isBlank()) {
            return reject(rowNumber, null, "sku", "is required");
        }
        if (sku.length() > Limits.MAX_ID) {
            return reject(rowNumber, null, "sku", "is longer than " + Limits.MAX_ID + " characters ("
                    + sku.length() + "): " + Limits.quote(sku));
        }
        String warehouseId = text(item, "warehouseId");
        if (warehouseId == null) {
            warehouseId = payload.defaultWarehouse() == null ? DEFAULT_WAREHOUSE : payload.defaultWarehouse();
        }
        if (!WAREHOUSE_ID.matcher(warehouseId).matches()) {
            return reject(rowNumber, sku, "warehouseId", Limits.quote(warehouseId)
                    + " is not a warehouse id (letters, digits, . _ : -, at most " + Limits.MAX_ID + ")");
        }
        String productId = text(item, "productId");
        if (productId == null || productId.isBlank()) {
            productId = sku; // the SKU is the product id where the WMS has no other id
        }
        if (productId.length() > Limits.MAX_ID) {
            return reject(rowNumber, sku, "productId", "is longer than " + Limits.MAX_ID + " characters ("
                    + productId.length() + "): " + Limits.quote(productId));
        }
        Instant observedAt = payload.observedAt();
        String ownObservedAt = text(item, "observedAt");
        if (ownObservedAt != null && !ownObservedAt.isEmpty()) {
            try {
                observedAt = Instant.parse(ownObservedAt);
            } catch (DateTimeParseException e) {
                return reject(rowNumber, sku, "observedAt", "must be an ISO-8601 instant such as "
                        + "2026-11-27T10:15:30Z, was " + Limits.quote(ownObservedAt));
            }
        }
        if (observedAt == null) {
            observedAt = payload.now();
        }
        try {
            Limits.requireNotFuture("observedAt", observedAt, payload.now(), payload.clockSkew());
        } catch (InvalidFieldException e) {
            return reject(rowNumber, sku, e.field(), e.getMessage());
        }
        Quantity onHand = quantity(item, "onHand");
        Quantity allocated = quantity(item, "allocated");
        Quantity available = quantity(item, "available");
        for (var entry : Map.of("onHand", onHand, "allocated", allocated, "available", available).entrySet()) {
            if (entry.getValue().fault() != null) {
                return reject(rowNumber, sku, entry.getKey(), entry.getValue().fault());
            }
        }
        if (onHand.value() == null && available.value() == null) {
            return reject(rowNumber, sku, "onHand", "is required when available is not given");
        }
        if (onHand.value() != null && onHand.value() < 0) {
            return reject(rowNumber, sku, "onHand", "must not be negative, was " + onHand.value());
        }
        if (allocated.value() != null && allocated.value() < 0) {
            return reject(rowNumber, sku, "allocated", "must not be negative, was " + allocated.value());
        }
        if (available.value() != null && available.value() < 0) {
            return reject(rowNumber, sku, "available", "must not be negative, was " + available.value());
        }
        if (available.value() != null && onHand.value() != null && available.value() > onHand.value()) {
            return reject(rowNumber, sku, "available",
                    "is " + available.value() + ", more than onHand " + onHand.value());
        }
        long allocatedValue = allocated.value() == null ? 0 : allocated.value();
        long availableValue = available.value() != null ? available.value() : onHand.value() - allocatedValue;
        long onHandValue = onHand.value() != null ? onHand.value() : availableValue + allocatedValue;

        Map<String, String> aliases = new LinkedHashMap<>();
        JsonNode aliasNode = item.get("aliases");
        if (aliasNode != null && !aliasNode.isNull()) {
            if (!aliasNode.isObject()) {
                return reject(rowNumber, sku, "aliases", "must be an object of alias name to value");
            }
            for (var alias : aliasNode.properties()) {
                String field = "aliases." + (alias.getKey().length() <= Limits.MAX_ALIAS_NAME ? alias.getKey()
                        : alias.getKey().substring(0, Limits.MAX_ALIAS_NAME) + "…");
                if (!ALIAS_NAME.matcher(alias.getKey()).matches()) {
                    return reject(rowNumber, sku, field, "alias names are upper-case letters, digits and _, at most "
                            + Limits.MAX_ALIAS_NAME);
                }
                if (!alias.getValue().isString() || alias.getValue().asString().isBlank()) {
                    return reject(rowNumber, sku, field, "must be a non-empty string");
                }
                if (alias.getValue().asString().length() > Limits.MAX_ALIAS_VALUE) {
                    return reject(rowNumber, sku, field, "must be at most " + Limits.MAX_ALIAS_VALUE
                            + " characters, was " + Limits.quote(alias.getValue().asString()));
                }
                aliases.put(alias.getKey(), alias.getValue().asString());
            }
        }
        InventoryRow row = new InventoryRow(warehouseId, productId, sku, aliases, onHandValue, allocatedValue,
                availableValue, observedAt);
        if (productEventTooLarge(row)) {
            return reject(rowNumber, sku, "aliases", aliases.size() + " aliases would make the product's event larger "
                    + "than the limit of " + Limits.MAX_EVENT_BYTES + " bytes");
        }
        return new Accepted(row);
    }

    /** No event exceeds 256 KiB: a cheap bound first (six bytes a character escaped), the exact size only near it. */
    private static boolean productEventTooLarge(InventoryRow row) {
        long bound = 512;
        for (var alias : row.aliases().entrySet()) {
            bound += 6L * (alias.getKey().length() + alias.getValue().length()) + 8;
        }
        // measured with the longest merchant id, so that it holds for every merchant
        return bound > Limits.MAX_EVENT_BYTES
                && EventJson.write(row.product("M".repeat(Limits.MAX_ID))).length > Limits.MAX_EVENT_BYTES;
    }

    private static Rejected reject(long row, String sku, String field, String reason) {
        return new Rejected(new Rejection(row, sku, field, reason));
    }

    private static String text(JsonNode item, String field) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asString().strip() : node.toString();
    }

    private record Quantity(Long value, String fault) {
    }

    private static Quantity quantity(JsonNode item, String field) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull() || (node.isString() && node.asString().isBlank())) {
            return new Quantity(null, null);
        }
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.asLong();
        } else if (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()) && Math.abs(node.asDouble()) < 1e15) {
            value = (long) node.asDouble();
        } else if (node.isString() && node.asString().strip().matches("-?\\d{1,18}")) {
            value = Long.parseLong(node.asString().strip());
        } else {
            return new Quantity(null, "must be a whole number, was " + abbreviate(node.toString()));
        }
        if (Math.abs(value) > MAX_QUANTITY) {
            return new Quantity(null, "must be at most " + MAX_QUANTITY + ", was " + value);
        }
        return new Quantity(value, null);
    }

    /** A JSON value as written (already quoted when text), or when long its start and length only. */
    private static String abbreviate(String json) {
        return json.length() <= 40 ? json : Limits.quote(json);
    }
}
