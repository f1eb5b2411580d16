package io.invsync.support;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether a service's {@link TableReader}s have loaded their tables ({@code tableReadersLoaded}, in the
 * {@code readiness} group): OUT_OF_SERVICE until each has read every partition up to the end offset it saw at
 * start, so that a balancer or the local stack sends requests only to an instance whose answers are complete.
 */
public class TableReadersLoaded implements HealthIndicator {

    private final List<TableReader> readers;

    public TableReadersLoaded(List<TableReader> readers) {
        this.readers = List.copyOf(readers);
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (TableReader reader : readers) {
            boolean loaded = reader.caughtUp();
            if (!loaded) {
                health.outOfService();
            }
            health.withDetail(reader.name(), loaded ? "loaded" : "loading");
        }
        return health.build();
    }
}
