package io.invsync.ingest.inventory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import io.invsync.bench.BenchmarkSettings;

/**
 * wms-ingest's CSV reader on a pushed body of {@value #ROWS} rows, reported per row: {@link CsvItems} alone (bytes
 * to cells to a row's fields), and with {@link InventoryRules#check} (the fields to an accepted row), which is what
 * the ingestion does with each row before it publishes. Both are package-private, so this class sits in their
 * package (the same package name in this module; one class loader runs both).
 */
public class CsvReaderBenchmark extends BenchmarkSettings {

    static final int ROWS = 1_000;
    /** wms-ingest's default, {@code invsync.ingest.max-csv-line-chars}. */
    private static final int MAX_LINE_CHARS = 65_536;
    private static final Instant NOW = Instant.parse("2026-12-02T10:20:00Z");

    private byte[] body;
    private InventoryRules.Payload payload;

    @Setup
    public void setUp() {
        // the columns a WMS export has: every known one but components, one alias, one cell quoted
        StringBuilder csv = new StringBuilder("warehouseId,productId,sku,onHand,allocated,available,observedAt,UPC\r\n");
        for (int i = 0; i < ROWS; i++) {
            long onHand = 10 + i % 500;
            long allocated = i % 7;
            csv.append("WH-EAST,P-").append(1_000_000 + i).append(",\"SKU-").append(1_000_000 + i).append("\",")
                    .append(onHand).append(',').append(allocated).append(',').append(onHand - allocated)
                    .append(",2026-12-02T10:15:30Z,0").append(12_345_000_000L + i).append("\r\n");
        }
        body = csv.toString().getBytes(StandardCharsets.UTF_8);
        payload = new InventoryRules.Payload(null, null, NOW, Duration.ofMinutes(5));
        long accepted = 0;
        try (CsvItems rows = new CsvItems(new ByteArrayInputStream(body), MAX_LINE_CHARS)) {
            for (long n = 1; rows.hasNext(); n++) {
                if (InventoryRules.check(n, rows.next(), payload) instanceof InventoryRules.Accepted) {
                    accepted++;
                }
            }
        }
        if (accepted != ROWS) {
            throw new IllegalStateException("the fixture should have " + ROWS + " accepted rows, has " + accepted);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void read(Blackhole blackhole) {
        try (CsvItems rows = new CsvItems(new ByteArrayInputStream(body), MAX_LINE_CHARS)) {
            while (rows.hasNext()) {
                blackhole.consume(rows.next());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void readAndCheck(Blackhole blackhole) {
        try (CsvItems rows = new CsvItems(new ByteArrayInputStream(body), MAX_LINE_CHARS)) {
            for (long n = 1; rows.hasNext(); n++) {
                blackhole.consume(InventoryRules.check(n, rows.next(), payload));
            }
        }
    }
}
