package io.invsync.ingest.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.InventoryRunRecorded.Rejection;
import io.invsync.events.Keys;
import io.invsync.events.Limits;
import io.invsync.events.RunStatus;
import io.invsync.events.RunTrigger;
import io.invsync.events.Topics;
import io.invsync.events.WarehouseObserved;
import io.invsync.support.EventPublisher;
import io.invsync.ingest.run.InventoryRunHistory;

/**
 * One inventory run: every item is checked on its own, valid rows are published (product, warehouse, available
 * quantity) and rejected ones are counted with their reason, so a partly bad payload loses nothing valid.
 */
@Service
public class InventoryIngestion {

    /** Rejected rows kept in the run record; the counts stay exact beyond it. */
    static final int REJECTIONS_KEPT = 1000;

    private final EventPublisher publisher;
    private final InventoryRunHistory history;
    private final RecentProducts recentProducts;
    private final MerchantWarehouses merchantWarehouses;
    private final Clock clock;
    private final Duration clockSkew;

    InventoryIngestion(EventPublisher publisher, InventoryRunHistory history, RecentProducts recentProducts,
            MerchantWarehouses merchantWarehouses, Clock clock,
            @Value("${invsync.ingest.clock-skew:PT5M}") Duration clockSkew) {
        this.recentProducts = recentProducts;
        this.merchantWarehouses = merchantWarehouses;
        this.publisher = publisher;
        this.history = history;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    /**
     * Runs the rows through the rules and publishes the valid ones. When the payload breaks off
     * ({@link PayloadException}), the run records how far it got and the exception carries the run on.
     */
    public InventoryRunRecorded ingest(String merchantId, RunTrigger trigger, String warehouseId, Instant observedAt,
            Iterator<RowInput> items) {
        return ingest(UUID.randomUUID().toString(), merchantId, trigger, warehouseId, observedAt, items);
    }

    public InventoryRunRecorded ingest(String runId, String merchantId, RunTrigger trigger, String warehouseId,
            Instant observedAt, Iterator<RowInput> items) {
        Instant startedAt = Instant.now(clock);
        // a payload's observedAt too far in the future rejects each row with that reason (the clock rule)
        var payload = new InventoryRules.Payload(warehouseId, observedAt, startedAt, clockSkew);
        record(new InventoryRunRecorded(merchantId, runId, trigger, RunStatus.RUNNING, startedAt, null, 0, 0, 0, null,
                List.of(), startedAt));

        var sends = publisher.sends(); // this run's rows: the answer waits for these, not for other requests'
        long read = 0;
        long accepted = 0;
        long rejected = 0;
        List<Rejection> rejections = new ArrayList<>();
        Set<String> warehouses = new HashSet<>();
        PayloadException broken = null;
        PayloadKits kits = new PayloadKits(merchantId, recentProducts);
        while (true) {
            try {
                if (!items.hasNext()) {
                    break;
                }
            } catch (PayloadException e) {
                broken = e;
                break;
            }
            read++;
            InventoryRules.Outcome outcome = InventoryRules.check(read, items.next(), payload);
            if (outcome instanceof InventoryRules.Accepted accept
                    && !merchantWarehouses.admit(merchantId, accept.row().warehouseId())) {
                outcome = new InventoryRules.Rejected(new Rejection(read, accept.row().sku(), "warehouseId",
                        "merchant " + merchantId + " already has " + Limits.MAX_WAREHOUSES + " warehouses, the limit; "
                                + Limits.quote(accept.row().warehouseId()) + " would be one more"));
            }
            if (outcome instanceof InventoryRules.Accepted accept) {
                Rejection nested = kits.check(read, accept.row());
                if (nested != null) {
                    outcome = new InventoryRules.Rejected(nested);
                }
            }
            if (outcome instanceof InventoryRules.Accepted accept) {
                InventoryRow row = accept.row();
                recentProducts.remember(merchantId, row);
                if (warehouses.add(row.warehouseId())) {
                    sends.publish(Topics.WAREHOUSES, Keys.warehouse(merchantId, row.warehouseId()),
                            new WarehouseObserved(merchantId, row.warehouseId(), row.warehouseId(), row.observedAt()));
                }
                String key = Keys.product(merchantId, row.productId());
                if (recentProducts.isNew(key, row)) {
                    sends.publish(Topics.PRODUCTS, key, row.product(merchantId, runId));
                }
                sends.publish(Topics.AVAILABLE_QUANTITIES, key, row.observation(merchantId, runId));
                accepted++;
            } else {
                rejected++;
                if (rejections.size() < REJECTIONS_KEPT) {
                    rejections.add(((InventoryRules.Rejected) outcome).rejection());
                }
            }
        }
        // the run is reported only once the broker has every row it accepted: a 200 means durable
        sends.awaitAcknowledged();
        RunStatus status = rejected == 0 && broken == null ? RunStatus.SUCCEEDED
                : accepted == 0 ? RunStatus.FAILED : RunStatus.PARTIAL;
        String error = broken != null ? "stopped after row " + read + ": " + broken.getMessage()
                : status == RunStatus.FAILED ? "all " + rejected + " rows were rejected" : null;
        Instant finishedAt = Instant.now(clock);
        InventoryRunRecorded run = record(new InventoryRunRecorded(merchantId, runId, trigger, status, startedAt,
                finishedAt, read, accepted, rejected, error, rejections, finishedAt));
        if (broken != null) {
            throw new BrokenPayloadException(broken, run);
        }
        return run;
    }

    /** A push that could not be read at all: a FAILED run, so that diagnostics can show why nothing arrived. */
    public InventoryRunRecorded recordFailure(String merchantId, RunTrigger trigger, String error) {
        return recordFailure(UUID.randomUUID().toString(), merchantId, trigger, error);
    }

    public InventoryRunRecorded recordFailure(String runId, String merchantId, RunTrigger trigger, String error) {
        Instant now = Instant.now(clock);
        return record(new InventoryRunRecorded(merchantId, runId, trigger, RunStatus.FAILED, now, now, 0, 0, 0, error,
                List.of(), now));
    }

    private InventoryRunRecorded record(InventoryRunRecorded run) {
        if (run.status().finished()) {
            var sends = publisher.sends();
            sends.publish(Topics.INVENTORY_RUNS, Keys.merchant(run.merchantId()), run);
            sends.awaitAcknowledged();
        } else {
            publisher.publish(Topics.INVENTORY_RUNS, Keys.merchant(run.merchantId()), run); // progress: not waited for
        }
        history.remember(run);
        return run;
    }
}
