package io.invsync.diagnostics.metrics;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import io.invsync.diagnostics.model.PushResultObserver;
import io.invsync.diagnostics.model.ReadModel;
import io.invsync.diagnostics.model.ReadModelCatchUp;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.PushOutcome;
import io.invsync.support.QuantityRules;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code invsync.sync.lag}: from the WMS observing a level (in the cart's warehouse; for ALL the newest of them) to
 * the cart confirming the push that carried it. Recorded once per confirmed push, when diagnostics reads it.
 */
@Component
class SyncLagMetrics implements PushResultObserver {

    static final String NAME = "invsync.sync.lag";

    private final ReadModel model;
    private final ReadModelCatchUp catchUp;
    private final MeterRegistry registry;

    SyncLagMetrics(ReadModel model, ReadModelCatchUp catchUp, MeterRegistry registry) {
        this.model = model;
        this.catchUp = catchUp;
        this.registry = registry;
    }

    @Override
    public void recorded(CartPushRecorded previous, CartPushRecorded result) {
        // Results replayed on start were measured by whichever instance read them live; counting them again
        // would make every restart look like a burst of pushes.
        if (result.outcome() != PushOutcome.PUSHED || result.syncedAt() == null || !catchUp.loaded()) {
            return;
        }
        CartSettingsChanged cart = model.cart(result.cartId()).orElse(null);
        String merchantId = result.merchantId() != null ? result.merchantId() : cart == null ? null : cart.merchantId();
        if (cart == null || merchantId == null || result.productId() == null) {
            return;
        }
        InventoryLevelChanged level = model.level(merchantId, result.productId()).orElse(null);
        Instant observedAt = QuantityRules.snapshotObservedAt(cart, level);
        // A level observed after the push is not what the push carried, and one that an earlier sync already
        // carried did not cause this push (a settings change or a resync did): neither is a lag.
        if (observedAt == null || observedAt.isAfter(result.syncedAt())) {
            return;
        }
        if (previous != null && previous.syncedAt() != null && !observedAt.isAfter(previous.syncedAt())) {
            return;
        }
        Timer.builder(NAME)
                .description("Time from the WMS observing a level to the cart confirming its push")
                .tag("merchant", merchantId)
                .tag("cart", result.cartId())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofDays(1))
                .register(registry)
                .record(Duration.between(observedAt, result.syncedAt()));
    }
}
