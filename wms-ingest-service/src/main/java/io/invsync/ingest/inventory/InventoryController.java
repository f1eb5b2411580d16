package io.invsync.ingest.inventory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.InvalidFieldException;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.RunTrigger;
import io.invsync.support.NotFoundException;
import io.invsync.ingest.merchant.MerchantDirectory;
import tools.jackson.databind.JsonNode;

/** The WMS pushes inventory: {@code {warehouseId, observedAt, items:[{productId?, sku, aliases?, onHand?, allocated?, available?}]}}. */
@RestController
class InventoryController {

    private final MerchantDirectory merchants;
    private final InventoryIngestion ingestion;

    InventoryController(MerchantDirectory merchants, InventoryIngestion ingestion) {
        this.merchants = merchants;
        this.ingestion = ingestion;
    }

    @PostMapping(path = "/api/merchants/{merchantId}/inventory", consumes = MediaType.APPLICATION_JSON_VALUE)
    InventoryRunRecorded pushJson(@PathVariable String merchantId, @RequestBody JsonNode body) {
        if (merchants.find(merchantId).isEmpty()) {
            throw new NotFoundException("merchantId", "merchant '" + merchantId + "' is not known; PUT its settings first");
        }
        if (!body.isObject()) {
            throw new InvalidFieldException("body", "must be an object with warehouseId, observedAt and items");
        }
        JsonNode items = body.get("items");
        if (items == null || !items.isArray()) {
            throw new InvalidFieldException("items", "is required and must be an array");
        }
        return ingestion.ingest(merchantId, RunTrigger.PUSH, text(body, "warehouseId"), observedAt(body),
                items.isEmpty() ? Collections.emptyIterator() : items.iterator());
    }

    private static Instant observedAt(JsonNode body) {
        String text = text(body, "observedAt");
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("observedAt", "must be an ISO-8601 instant such as 2026-11-27T10:15:30Z, was '" + text + "'");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }
}
