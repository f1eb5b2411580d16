package io.invsync.diagnostics.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

/**
 * One cart's {@code invsync.sync.lag} as the web page plots it, read from this instance's registry: the same
 * percentile histogram Prometheus scrapes ({@code invsync_sync_lag_seconds_bucket}), so the page and a dashboard
 * agree. The lags are those this instance recorded since it started (it records the results of the merchants it
 * holds); the timer keeps no percentiles of its own, so each percentile is stated as the bound of the bucket it falls
 * in: "at most".
 */
@Component
public class SyncLagHistogram {

    static final double[] QUANTILES = { 0.5, 0.9, 0.99 };

    /**
     * @param count pushes whose lag was recorded
     * @param meanSeconds their mean lag (null when none)
     * @param buckets the histogram from its first non-empty bucket to its last, each with the pushes in it (not
     *        cumulative); a last bucket with {@code toSeconds} null holds the lags above the highest bound
     * @param percentiles the bound of the bucket each quantile falls in (null: above the highest bound)
     */
    public record SyncLag(long count, Double meanSeconds, List<Bucket> buckets, List<Percentile> percentiles) {
    }

    /** Lags above {@code fromSeconds} up to and including {@code toSeconds} (null: no upper bound). */
    public record Bucket(double fromSeconds, Double toSeconds, long count) {
    }

    public record Percentile(double quantile, Double atMostSeconds) {
    }

    private final MeterRegistry registry;

    SyncLagHistogram(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The cart's lags; none recorded here: a count of 0 and no buckets. */
    public SyncLag of(String merchantId, String cartId) {
        Timer timer = registry.find(SyncLagMetrics.NAME).tags("merchant", merchantId, "cart", cartId).timer();
        return timer == null ? new SyncLag(0, null, List.of(), List.of()) : of(timer.takeSnapshot());
    }

    static SyncLag of(HistogramSnapshot snapshot) {
        long count = snapshot.count();
        if (count == 0) {
            return new SyncLag(0, null, List.of(), List.of());
        }
        CountAtBucket[] cumulative = snapshot.histogramCounts().clone();
        Arrays.sort(cumulative, Comparator.comparingDouble(CountAtBucket::bucket));
        List<Bucket> all = new ArrayList<>();
        double from = 0;
        long below = 0;
        for (CountAtBucket bucket : cumulative) {
            if (Double.isInfinite(bucket.bucket())) {
                continue; // the overflow, added below from the count
            }
            double to = bucket.bucket(TimeUnit.SECONDS);
            long upTo = (long) bucket.count();
            all.add(new Bucket(from, to, upTo - below));
            from = to;
            below = upTo;
        }
        if (count > below) {
            all.add(new Bucket(from, null, count - below));
        }
        int first = 0;
        while (first < all.size() && all.get(first).count() == 0) {
            first++;
        }
        int last = all.size() - 1;
        while (last > first && all.get(last).count() == 0) {
            last--;
        }
        List<Bucket> shown = first > last ? List.of() : List.copyOf(all.subList(first, last + 1));
        List<Percentile> percentiles = new ArrayList<>();
        for (double quantile : QUANTILES) {
            percentiles.add(new Percentile(quantile, bound(all, Math.ceil(quantile * count))));
        }
        return new SyncLag(count, snapshot.mean(TimeUnit.SECONDS), shown, List.copyOf(percentiles));
    }

    /** The upper bound of the bucket in which the cumulative count reaches {@code rank}. */
    private static Double bound(List<Bucket> buckets, double rank) {
        long seen = 0;
        for (Bucket bucket : buckets) {
            seen += bucket.count();
            if (seen >= rank) {
                return bucket.toSeconds();
            }
        }
        return null;
    }
}
