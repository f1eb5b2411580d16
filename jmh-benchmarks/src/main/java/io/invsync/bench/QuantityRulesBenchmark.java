package io.invsync.bench;

import java.time.Instant;
import java.util.List;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import io.invsync.events.CartLocation;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.rules.PushQuantity;
import io.invsync.rules.QuantityRules;

/**
 * {@link QuantityRules#compute}, which cart-push runs for every planned value and diagnostics for every
 * explanation: a cart with channel rules and an override that matches, a level in five warehouses, and 0 or 3
 * order lines still held back.
 */
public class QuantityRulesBenchmark extends BenchmarkSettings {

    @Param({"0", "3"})
    public int orderLines;

    private CartSettingsChanged cart;
    private CartLocation location;
    private InventoryLevelChanged level;
    private List<CartOrderLineReceived> orders;
    private Instant now;

    @Setup
    public void setUp() {
        cart = Fixtures.cartWithRules();
        location = Fixtures.allWarehouses();
        level = Fixtures.level();
        orders = Fixtures.orders(orderLines);
        now = Fixtures.now();
        PushQuantity quantity = compute();
        // the case measured is the one described: the override applies and every order line holds stock back
        if (quantity.override() == null || quantity.inFlight() != orderLines * (orderLines + 1) / 2) {
            throw new IllegalStateException("the fixture does not exercise the override and the orders: " + quantity);
        }
    }

    @Benchmark
    public PushQuantity compute() {
        return QuantityRules.compute(cart, location, level, Fixtures.SKU, Fixtures.SKU, orders, now,
                Fixtures.HOLD_LIMIT);
    }
}
