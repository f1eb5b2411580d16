package io.invsync.ingest.inventory;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.invsync.events.EventJson;
import io.invsync.events.InvalidFieldException;
import io.invsync.events.InventoryRunRecorded.Rejection;
import io.invsync.events.KitComponent;
import io.invsync.events.Limits;
import io.invsync.events.ProductObserved;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one item of an inventory payload into a row, or into the reason it was rejected. Sync uses available,
 * never on-hand: a WMS that sends {@code available} is trusted; otherwise it is on hand minus allocated
 * (negative when more is allocated than is on hand; that is kept, and pushed as 0).
 *
 * <p>A kit names its components, {@code "components": [{"sku": "MUG", "quantity": 2}, …]}, or as the CSV column
 * writes them, {@code MUG*2|BOX*1}. A bad component rejects its row only, naming it ({@code components[1].quantity},
 * 0-based as in a JSON path). Whether a component is itself a kit depends on the other rows: {@link PayloadKits}.
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
        Set<String> removedAliases = new TreeSet<>();
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
                if (alias.getValue().isNull()) {
                    // aliases merge (DESIGN §1): null removes an alias; one not mentioned keeps its known value
                    if (alias.getKey().equals(ProductObserved.SKU_ALIAS)) {
                        return reject(rowNumber, sku, field, "cannot be removed: a product always has its SKU");
                    }
                    removedAliases.add(alias.getKey());
                    continue;
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
        Components components = components(item.get("components"), sku);
        if (components.fault() != null) {
            return reject(rowNumber, sku, components.field(), components.fault());
        }
        InventoryRow row = new InventoryRow(warehouseId, productId, sku, aliases, onHandValue, allocatedValue,
                availableValue, observedAt, components.value(), removedAliases);
        if (productEventTooLarge(row)) {
            return reject(rowNumber, sku, "aliases", aliases.size() + " aliases would make the product's event larger "
                    + "than the limit of " + Limits.MAX_EVENT_BYTES + " bytes");
        }
        return new Accepted(row);
    }

    /** The components read, or the field at fault and why. {@code value} null: the row names none. */
    private record Components(List<KitComponent> value, String field, String fault) {

        static Components fault(String field, String fault) {
            return new Components(null, field, fault);
        }
    }

    private static Components components(JsonNode node, String kitSku) {
        if (node == null || node.isNull()) {
            return new Components(null, null, null);
        }
        List<JsonNode> elements = new ArrayList<>();
        if (node.isString()) {
            Components fault = csvComponents(node.asString(), elements);
            if (fault != null) {
                return fault;
            }
        } else if (node.isArray()) {
            node.forEach(elements::add);
        } else {
            return Components.fault("components", "must be an array of {sku, quantity}, was "
                    + abbreviate(node.toString()));
        }
        if (elements.size() > Limits.MAX_COMPONENTS) {
            return Components.fault("components", "has " + elements.size() + " components, at most "
                    + Limits.MAX_COMPONENTS + " are allowed");
        }
        List<KitComponent> components = new ArrayList<>(elements.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < elements.size(); i++) {
            String field = "components[" + i + "]";
            JsonNode element = elements.get(i);
            if (!element.isObject()) {
                return Components.fault(field, "must be an object with sku and quantity, was "
                        + abbreviate(element.toString()));
            }
            JsonNode skuNode = element.get("sku");
            if (skuNode == null || !skuNode.isString() || skuNode.asString().isBlank()) {
                return Components.fault(field + ".sku", "is required (a string)");
            }
            String sku = skuNode.asString().strip();
            if (sku.length() > Limits.MAX_ID) {
                return Components.fault(field + ".sku", "is longer than " + Limits.MAX_ID + " characters ("
                        + sku.length() + "): " + Limits.quote(sku));
            }
            if (sku.equals(kitSku)) {
                return Components.fault(field + ".sku", "is the kit's own SKU " + Limits.quote(sku)
                        + ": a kit cannot contain itself");
            }
            if (!seen.add(sku)) {
                return Components.fault(field + ".sku", Limits.quote(sku) + " is listed twice");
            }
            Quantity quantity = quantity(element, "quantity");
            if (quantity.fault() != null) {
                return Components.fault(field + ".quantity", quantity.fault());
            }
            if (quantity.value() == null) {
                return Components.fault(field + ".quantity", "is required");
            }
            if (quantity.value() < 1 || quantity.value() > Limits.MAX_COMPONENT_QUANTITY) {
                return Components.fault(field + ".quantity", "must be from 1 to " + Limits.MAX_COMPONENT_QUANTITY
                        + ", was " + quantity.value());
            }
            components.add(new KitComponent(sku, quantity.value()));
        }
        return new Components(components, null, null);
    }

    /** {@code MUG*2|BOX*1} (a CSV cell) as the elements of the JSON form; a part that is not SKU*QUANTITY is a fault. */
    private static Components csvComponents(String cell, List<JsonNode> elements) {
        if (cell.isBlank()) {
            return null;
        }
        String[] parts = cell.split("\\|", -1);
        if (parts.length > Limits.MAX_COMPONENTS) {
            return Components.fault("components", "has " + parts.length + " components, at most "
                    + Limits.MAX_COMPONENTS + " are allowed");
        }
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            int star = part.lastIndexOf('*');
            if (star <= 0 || star == part.length() - 1) {
                return Components.fault("components[" + i + "]", "must be written SKU*QUANTITY (MUG*2|BOX*1), was "
                        + Limits.quote(part));
            }
            ObjectNode element = EventJson.mapper().createObjectNode();
            element.put("sku", part.substring(0, star).strip());
            element.put("quantity", part.substring(star + 1).strip());
            elements.add(element);
        }
        return null;
    }

    /** No event exceeds 256 KiB: a cheap bound first (six bytes a character escaped), the exact size only near it. */
    private static boolean productEventTooLarge(InventoryRow row) {
        long bound = 512;
        for (var alias : row.aliases().entrySet()) {
            bound += 6L * (alias.getKey().length() + alias.getValue().length()) + 8;
        }
        for (String removed : row.removedAliases()) {
            bound += 6L * removed.length() + 4;
        }
        if (row.components() != null) {
            for (KitComponent component : row.components()) {
                bound += 6L * component.sku().length() + 40;
            }
        }
        // measured with the longest merchant and run ids, so that it holds for every merchant and run
        return bound > Limits.MAX_EVENT_BYTES
                && EventJson.write(row.product("M".repeat(Limits.MAX_ID), "R".repeat(Limits.MAX_ID))).length
                        > Limits.MAX_EVENT_BYTES;
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
