package io.invsync.diagnostics.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import io.invsync.diagnostics.model.PushResultObserver;
import io.invsync.diagnostics.model.ReadModel;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.PushOutcome;
import io.invsync.rules.QuantityRules;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code invsync.sync.lag}: from the WMS observing a level (in the cart's warehouse; for ALL the newest of them) to
 * the cart confirming the push that carried it. Recorded once per confirmed push, when diagnostics reads it.
 */
@Component
class SyncLagMetrics implements PushResultObserver {

    static final String NAME = "invsync.sync.lag";

    /** A result read this long after it was recorded is history (a first start reading the topic), not a lag. */
    private static final Duration LIVE = Duration.ofMinutes(10);

    private final MeterRegistry registry;
    private final Clock clock;

    SyncLagMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void recorded(CartPushRecorded previous, CartPushRecorded result, ReadModel model) {
        // Each result is applied once (the read model resumes from its committed position); results read long after
        // they were recorded come from a first start reading the topic's history, and are not counted as lags.
        if (result.outcome() != PushOutcome.PUSHED || result.syncedAt() == null
                || result.observedAt().isBefore(Instant.now(clock).minus(LIVE))) {
            return;
        }
        CartSettingsChanged cart = model.cart(result.cartId()).orElse(null);
        String merchantId = result.merchantId() != null ? result.merchantId() : cart == null ? null : cart.merchantId();
        if (cart == null || merchantId == null || result.productId() == null) {
            return;
        }
        InventoryLevelChanged level = model.level(merchantId, result.productId()).orElse(null);
        Instant observedAt = level == null ? null : QuantityRules.compute(cart, cart.locations().get(0), level,
                level.sku(), result.aliasValue(), List.of(), result.syncedAt(), Duration.ZERO).snapshotObservedAt();
        // A level observed after the push is not what the push carried, and one that an earlier sync already
        // carried did not cause this push (a settings change or a resync did): neither is a lag.
        if (observedAt == null || observedAt.isAfter(result.syncedAt())) {
            return;
        }
        if (previous != null && previous.syncedAt() != null && !observedAt.isAfter(previous.syncedAt())) {
            return;
        }
        timer(registry, merchantId, result.cartId()).record(Duration.between(observedAt, result.syncedAt()));
    }

    /** The cart's timer: a percentile histogram from 100 ms to a day, as Prometheus and the web page read it. */
    static Timer timer(MeterRegistry registry, String merchantId, String cartId) {
        return Timer.builder(NAME)
                .description("Time from the WMS observing a level to the cart confirming its push")
                .tag("merchant", merchantId)
                .tag("cart", cartId)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofDays(1))
                .register(registry);
    }
}
