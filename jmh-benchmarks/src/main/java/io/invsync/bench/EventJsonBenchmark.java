package io.invsync.bench;


import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.EventJson;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Topics;

/**
 * {@link EventJson} writing and reading the events every row turns into on its way to the cart: the observation
 * (ingest writes it, inventory-service reads it), the level (written once, read by cart-push and diagnostics) and
 * the push result (written by cart-push, read back by it and by diagnostics). The returned values are consumed by
 * JMH's own blackhole.
 */
public class EventJsonBenchmark extends BenchmarkSettings {

    private AvailableQuantityObserved observation;
    private InventoryLevelChanged level;
    private CartPushRecorded pushResult;
    private byte[] observationJson;
    private byte[] levelJson;
    private byte[] pushResultJson;

    @Setup
    public void setUp() {
        observation = Fixtures.observation();
        level = Fixtures.level();
        pushResult = Fixtures.pushResult();
        observationJson = EventJson.write(observation);
        levelJson = EventJson.write(level);
        pushResultJson = EventJson.write(pushResult);
        // a fixture that does not survive its own round trip would measure the wrong thing
        check(observation, EventJson.read(Topics.AVAILABLE_QUANTITIES, observationJson,
                AvailableQuantityObserved.class));
        check(level, EventJson.read(Topics.INVENTORY_LEVELS, levelJson, InventoryLevelChanged.class));
        check(pushResult, EventJson.read(Topics.CART_PUSH_RESULTS, pushResultJson, CartPushRecorded.class));
    }

    static void check(Object expected, Object read) {
        if (!expected.equals(read)) {
            throw new IllegalStateException("round trip changed the event: " + expected + " → " + read);
        }
    }

    @Benchmark
    public byte[] writeAvailableQuantityObserved() {
        return EventJson.write(observation);
    }

    @Benchmark
    public AvailableQuantityObserved readAvailableQuantityObserved() {
        return EventJson.read(Topics.AVAILABLE_QUANTITIES, observationJson, AvailableQuantityObserved.class);
    }

    @Benchmark
    public byte[] writeInventoryLevelChanged() {
        return EventJson.write(level);
    }

    @Benchmark
    public InventoryLevelChanged readInventoryLevelChanged() {
        return EventJson.read(Topics.INVENTORY_LEVELS, levelJson, InventoryLevelChanged.class);
    }

    @Benchmark
    public byte[] writeCartPushRecorded() {
        return EventJson.write(pushResult);
    }

    @Benchmark
    public CartPushRecorded readCartPushRecorded() {
        return EventJson.read(Topics.CART_PUSH_RESULTS, pushResultJson, CartPushRecorded.class);
    }
}
