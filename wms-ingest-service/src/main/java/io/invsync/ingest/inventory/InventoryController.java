package io.invsync.ingest.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

import io.invsync.events.EventJson;
import io.invsync.events.InvalidFieldException;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.Limits;
import io.invsync.events.RunTrigger;
import io.invsync.ingest.merchant.MerchantDirectory;
import io.invsync.support.NotFoundException;
import io.invsync.support.ProblemDetailsAdvice;

/**
 * The WMS pushes inventory: JSON {@code {warehouseId, observedAt, items:[{productId?, sku, aliases?, onHand?,
 * allocated?, available?}]}} or {@code text/csv} with a header row. Both are read as streams, one row at a time,
 * so a file of tens of megabytes goes through like a small push. {@code warehouseId} and {@code observedAt} may
 * also be query parameters.
 */
@RestController
class InventoryController {

    private final MerchantDirectory merchants;
    private final InventoryIngestion ingestion;
    private final int maxCsvLineChars;
    private final JsonMapper itemsMapper;

    /** The body's size is bounded by the body filter (invsync.http.body-limits), which counts it as it is read. */
    InventoryController(MerchantDirectory merchants, InventoryIngestion ingestion,
            @Value("${invsync.ingest.max-csv-line-chars:65536}") int maxCsvLineChars,
            @Value("${invsync.http.max-json-string-chars:65536}") int maxJsonStringChars) {
        this.merchants = merchants;
        this.ingestion = ingestion;
        this.maxCsvLineChars = maxCsvLineChars;
        this.itemsMapper = EventJson.boundedMapper(maxJsonStringChars);
    }

    @PostMapping(path = "/api/merchants/{merchantId}/inventory",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    InventoryRunRecorded push(@PathVariable String merchantId, HttpServletRequest request,
            @RequestParam(required = false) String warehouseId, @RequestParam(required = false) String observedAt)
            throws IOException {
        merchants.find(merchantId).orElseThrow(() -> new NotFoundException(
                "merchantId", "merchant '" + merchantId + "' is not known; PUT its settings first"));
        boolean csv = MediaType.parseMediaType(request.getContentType()).isCompatibleWith(MediaType.parseMediaType("text/csv"));
        return ingest(merchantId, request.getInputStream(), csv, warehouseId, observedAt);
    }

    private InventoryRunRecorded ingest(String merchantId, InputStream body, boolean csv, String warehouseParam,
            String observedParam) {
        Instant observedAtParam = instant(observedParam);
        try {
            if (csv) {
                try (CsvItems rows = new CsvItems(body, maxCsvLineChars)) {
                    return ingestion.ingest(merchantId, RunTrigger.PUSH, warehouseParam, observedAtParam, rows);
                }
            }
            try (JsonItems rows = new JsonItems(body, itemsMapper)) {
                String warehouseId = rows.warehouseId() != null ? rows.warehouseId() : warehouseParam;
                Instant observedAt = rows.observedAt() != null ? instant(rows.observedAt()) : observedAtParam;
                return ingestion.ingest(merchantId, RunTrigger.PUSH, warehouseId, observedAt, rows);
            }
        } catch (PayloadException e) {
            // unreadable before the first row: nothing was published, but the WMS's push did fail
            ingestion.recordFailure(merchantId, RunTrigger.PUSH, e.getMessage());
            throw e;
        }
    }


    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("observedAt",
                    "must be an ISO-8601 instant such as 2026-11-27T10:15:30Z, was " + Limits.quote(text));
        }
    }

    @ExceptionHandler(PayloadException.class)
    ResponseEntity<ProblemDetail> unreadable(PayloadException e) {
        HttpStatus status = e.tooLarge() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status).body(ProblemDetailsAdvice.problem(status, e.field(), e.getMessage()));
    }

    /** The payload broke off after some rows: 4xx naming the fault, with the run that kept the rows before it. */
    @ExceptionHandler(BrokenPayloadException.class)
    ResponseEntity<ProblemDetail> broken(BrokenPayloadException e) {
        HttpStatus status = e.payload().tooLarge() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = ProblemDetailsAdvice.problem(status, e.payload().field(), e.run().error());
        problem.setProperty("run", e.run());
        return ResponseEntity.status(status).body(problem);
    }
}
