package io.invsync.support;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of a service's {@link TableReader}s ({@code tableReaders} in {@code /actuator/health}, and in the
 * {@code liveness} group): DOWN, with the reader and the reason, once a reader's thread ended other than by a
 * stop; a restart is the cure, since the tables it feeds no longer follow Kafka. A reader still loading is UP
 * (readiness is the place to wait for loading).
 */
public class TableReaderHealth implements HealthIndicator {

    private final List<TableReader> readers;

    public TableReaderHealth(List<TableReader> readers) {
        this.readers = List.copyOf(readers);
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (TableReader reader : readers) {
            TableReader.Health state = reader.health();
            if (state.failure() != null) {
                health.down().withDetail(state.name(), "stopped at " + state.failedAt() + ": " + state.failure());
            } else {
                health.withDetail(state.name(), state.reading() ? state.caughtUp() ? "reading" : "loading" : "not started");
            }
        }
        return health.build();
    }
}
