package io.invsync.diagnostics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The sync-lag histogram as the page gets it, from the registry Prometheus scrapes. */
class SyncLagHistogramTest {

    private final MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SyncLagHistogram histogram = new SyncLagHistogram(registry);

    private void lags(long... seconds) {
        for (long lag : seconds) {
            SyncLagMetrics.timer(registry, "m1", "c1").record(Duration.ofSeconds(lag));
        }
    }

    @Test
    void putsEachLagInTheBucketThatHoldsItFromTheFirstNonEmptyBucketToTheLast() {
        lags(1, 120, 540);

        SyncLagHistogram.SyncLag lag = histogram.of("m1", "c1");

        assertThat(lag.count()).isEqualTo(3);
        assertThat(lag.meanSeconds()).isCloseTo(661 / 3.0, within(1e-9));
        List<SyncLagHistogram.Bucket> buckets = lag.buckets();
        assertThat(buckets.get(0).count()).isEqualTo(1);
        assertThat(buckets.get(buckets.size() - 1).count()).isEqualTo(1);
        assertThat(buckets.stream().mapToLong(SyncLagHistogram.Bucket::count).sum()).isEqualTo(3);
        for (long seconds : new long[] { 1, 120, 540 }) {
            assertThat(buckets).as("the bucket of " + seconds + " s").filteredOn(b -> b.fromSeconds() < seconds
                    && seconds <= b.toSeconds()).singleElement().extracting(SyncLagHistogram.Bucket::count)
                    .isEqualTo(1L);
        }
        // each bucket starts where the one before it ends
        for (int i = 1; i < buckets.size(); i++) {
            assertThat(buckets.get(i).fromSeconds()).isEqualTo(buckets.get(i - 1).toSeconds());
        }
    }

    @Test
    void statesEachPercentileAsTheBoundOfItsBucket() {
        lags(1, 120, 540);

        List<SyncLagHistogram.Percentile> percentiles = histogram.of("m1", "c1").percentiles();

        assertThat(percentiles).extracting(SyncLagHistogram.Percentile::quantile).containsExactly(0.5, 0.9, 0.99);
        // the second of three is the median: 120 s, stated as its bucket's bound (the buckets grow by at most a third)
        assertThat(percentiles.get(0).atMostSeconds()).isBetween(120.0, 160.0);
        assertThat(percentiles.get(1).atMostSeconds()).isBetween(540.0, 720.0);
        assertThat(percentiles.get(2).atMostSeconds()).isEqualTo(percentiles.get(1).atMostSeconds());
    }

    @Test
    void aLagAboveADayFallsInAnOpenBucketAndItsPercentileHasNoBound() {
        lags(1, 120, 540, Duration.ofDays(2).toSeconds());

        SyncLagHistogram.SyncLag lag = histogram.of("m1", "c1");

        SyncLagHistogram.Bucket last = lag.buckets().get(lag.buckets().size() - 1);
        assertThat(last.toSeconds()).isNull();
        assertThat(last.fromSeconds()).isLessThanOrEqualTo(Duration.ofDays(1).toSeconds());
        assertThat(last.count()).isEqualTo(1);
        assertThat(lag.percentiles().get(2).atMostSeconds()).isNull();
    }

    @Test
    void aCartWithNoTimedPushHasNoBuckets() {
        lags(5);

        SyncLagHistogram.SyncLag lag = histogram.of("m1", "another-cart");

        assertThat(lag.count()).isZero();
        assertThat(lag.buckets()).isEmpty();
        assertThat(lag.meanSeconds()).isNull();
    }
}
