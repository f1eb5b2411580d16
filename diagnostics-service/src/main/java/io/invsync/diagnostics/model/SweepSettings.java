package io.invsync.diagnostics.model;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How {@link DiscrepancySweep} re-judges what no record announces ({@code invsync.diagnostics.sweep.*}; the defaults
 * and what a full sweep costs are in diagnostics-service.yml).
 *
 * @param tick how often each task of the read model takes its next slice of values
 * @param rate alias values judged per task and second at most: carts and merchants whose settings changed first,
 *             then the recheck of every value
 * @param recheckPeriod how often the recheck of every value starts (a pass that takes longer runs on at the rate and
 *                      the next starts when it ends)
 */
@ConfigurationProperties("invsync.diagnostics.sweep")
public record SweepSettings(Duration tick, Integer rate, Duration recheckPeriod) {

    public SweepSettings {
        if (tick == null || tick.isNegative() || tick.isZero() || rate == null || rate <= 0 || recheckPeriod == null
                || recheckPeriod.isNegative()) {
            throw new IllegalArgumentException("invsync.diagnostics.sweep.tick, rate and recheck-period must be set "
                    + "(diagnostics-service.yml) and positive");
        }
    }

    /** The values one tick of a task may judge. */
    int valuesPerTick() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) rate * tick.toMillis() / 1000));
    }
}
