package io.invsync.diagnostics.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.invsync.diagnostics.model.ReadModels;
import io.invsync.support.streams.StoreUnavailableException;
import io.invsync.events.InventoryRunRecorded;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;

/**
 * Gauges refreshed on a schedule from the read model: {@code invsync.discrepancies} (alias values NOT_SYNCED, per
 * cart and cause) and {@code invsync.inventory.run.age} (per merchant). The discrepancies are not counted here: the
 * read model's topology keeps the counts as records arrive and its sweep rechecks what time and settings change
 * (see {@code DiscrepancyCounts}), so each refresh only reads that small store, every
 * {@code invsync.diagnostics.metrics-interval}. Each instance reports the merchants whose partition it holds (a
 * merchant moved away stops being reported here and is reported by its new holder, from the same changelogged
 * counts); a (cart, cause) once counted reads 0 rather than vanishing, until its cart is gone.
 */
@Component
class DiscrepancyMetrics {

    static final String DISCREPANCIES = "invsync.discrepancies";
    static final String RUN_AGE = "invsync.inventory.run.age";

    private static final Logger log = LoggerFactory.getLogger(DiscrepancyMetrics.class);

    private final ReadModels models;
    private final Clock clock;
    private final MultiGauge discrepancies;
    private final MultiGauge runAge;

    DiscrepancyMetrics(ReadModels models, Clock clock, MeterRegistry registry) {
        this.models = models;
        this.clock = clock;
        this.discrepancies = MultiGauge.builder(DISCREPANCIES)
                .description("Alias values of a cart that are NOT_SYNCED, by the first failing check")
                .register(registry);
        this.runAge = MultiGauge.builder(RUN_AGE).baseUnit("seconds")
                .description("Seconds since the merchant's last inventory run finished (or started, while running)")
                .register(registry);
    }

    @Scheduled(initialDelayString = "${invsync.diagnostics.metrics-interval:PT30S}",
            fixedDelayString = "${invsync.diagnostics.metrics-interval:PT30S}")
    void refresh() {
        try {
            List<String> held = models.local().merchantIds().stream().filter(models::holds).toList();
            refreshRunAge(held);
            refreshDiscrepancies();
        } catch (StoreUnavailableException e) {
            log.debug("gauges not refreshed: {}", e.getMessage()); // starting or rebalancing: next time
        }
    }

    private void refreshDiscrepancies() {
        Map<String, Boolean> holds = new HashMap<>();
        List<Row<?>> rows = new ArrayList<>();
        models.forEachDiscrepancyCount(count -> {
            if (holds.computeIfAbsent(count.merchantId(), models::holds)) {
                rows.add(Row.of(Tags.of("merchant", count.merchantId(), "cart", count.cartId(), "cause",
                        count.cause()), count.count()));
            }
        });
        discrepancies.register(rows, true);
    }

    private void refreshRunAge(List<String> merchantIds) {
        List<Row<?>> rows = new ArrayList<>();
        for (String merchantId : merchantIds) {
            if (models.local().lastRun(merchantId).isPresent()) {
                rows.add(Row.of(Tags.of("merchant", merchantId), merchantId, this::runAgeSeconds));
            }
        }
        runAge.register(rows, true);
    }

    /** Evaluated on each scrape, so the age is exact whatever the refresh interval. */
    private double runAgeSeconds(String merchantId) {
        InventoryRunRecorded run;
        try {
            run = models.local().lastRun(merchantId).orElse(null);
        } catch (StoreUnavailableException e) {
            return Double.NaN;
        }
        if (run == null) {
            return Double.NaN;
        }
        Instant at = run.finishedAt() != null && run.status().finished() ? run.finishedAt() : run.startedAt();
        return Duration.between(at, Instant.now(clock)).toMillis() / 1000.0;
    }
}
