package io.invsync.diagnostics.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.invsync.diagnostics.explain.Diagnostics;
import io.invsync.diagnostics.explain.Explanation;
import io.invsync.diagnostics.model.ReadModel;
import io.invsync.diagnostics.model.ReadModels;
import io.invsync.support.streams.StoreUnavailableException;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryRunRecorded;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;

/**
 * Gauges recomputed on a schedule from the read model: {@code invsync.discrepancies} (alias values NOT_SYNCED, per
 * cart and cause) and {@code invsync.inventory.run.age} (per merchant). Explaining every value of every cart is too
 * much work for each scrape, so the counts are refreshed every {@code invsync.diagnostics.metrics-interval}. Each
 * instance reports the merchants whose partition it holds (a merchant moved away stops being reported here and is
 * reported by its new holder).
 */
@Component
class DiscrepancyMetrics {

    static final String DISCREPANCIES = "invsync.discrepancies";
    static final String RUN_AGE = "invsync.inventory.run.age";

    private static final Logger log = LoggerFactory.getLogger(DiscrepancyMetrics.class);

    private final ReadModels models;
    private final Diagnostics diagnostics;
    private final Clock clock;
    private final MultiGauge discrepancies;
    private final MultiGauge runAge;
    /** Every (cart, cause) ever reported, so that a cause that cleared reads 0 rather than vanishing. */
    private final Set<Tags> reported = new HashSet<>();

    DiscrepancyMetrics(ReadModels models, Diagnostics diagnostics, Clock clock, MeterRegistry registry) {
        this.models = models;
        this.diagnostics = diagnostics;
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
            refreshDiscrepancies(held);
        } catch (StoreUnavailableException e) {
            log.debug("discrepancies not recounted: {}", e.getMessage()); // starting or rebalancing: next time
        }
    }

    private synchronized void refreshDiscrepancies(List<String> merchantIds) {
        ReadModel model = models.local();
        long started = System.nanoTime();
        long[] explained = {0};
        Map<Tags, Long> counts = new HashMap<>();
        reported.forEach(tags -> counts.put(tags, 0L));
        for (String merchantId : merchantIds) {
            for (CartSettingsChanged cart : model.cartsOf(merchantId)) {
                try {
                    diagnostics.explainCart(merchantId, cart.cartId(), e -> {
                        explained[0]++;
                        if (e.verdict() == Explanation.Verdict.NOT_SYNCED) {
                            counts.merge(Tags.of("merchant", merchantId, "cart", cart.cartId(), "cause", e.cause()),
                                    1L, Long::sum);
                        }
                    });
                } catch (RuntimeException e) {
                    // one cart's odd data must not stop the others' counts
                    log.warn("cannot count discrepancies of cart {}: {}", cart.cartId(), e.toString());
                }
            }
        }
        reported.addAll(counts.keySet());
        List<Row<?>> rows = new ArrayList<>();
        counts.forEach((tags, count) -> rows.add(Row.of(tags, count)));
        discrepancies.register(rows, true);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (millis > 1000) {
            log.info("discrepancies recounted: {} alias values explained in {} ms (INVSYNC_METRICS_INTERVAL sets how "
                    + "often)", explained[0], millis);
        }
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
