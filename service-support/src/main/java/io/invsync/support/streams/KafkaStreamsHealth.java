package io.invsync.support.streams;

import java.time.Instant;
import java.util.Set;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * {@code kafkaStreams} in {@code /actuator/health}, and in the {@code liveness} group: DOWN once the Streams app
 * it started is in ERROR, PENDING_ERROR, PENDING_SHUTDOWN or NOT_RUNNING (its threads died or it was closed under
 * the service), since the service would go on answering from state that no longer moves. A restart is the cure.
 * Before the first start it is UP: readiness, not liveness, waits for the stores.
 */
public class KafkaStreamsHealth implements HealthIndicator {

    private static final Set<KafkaStreams.State> DEAD = Set.of(KafkaStreams.State.ERROR,
            KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    private final StreamsBuilderFactoryBean factory;
    private volatile String lastThreadFailure;

    public KafkaStreamsHealth(StreamsBuilderFactoryBean factory) {
        this.factory = factory;
    }

    /** Remembers why a stream thread failed, for the details (the thread itself is replaced). */
    public void threadFailed(Throwable exception) {
        lastThreadFailure = Instant.now() + ": " + exception;
    }

    @Override
    public Health health() {
        KafkaStreams streams = factory.getKafkaStreams();
        Health.Builder health;
        if (streams == null) {
            health = factory.isRunning() ? Health.down().withDetail("state", "no Kafka Streams instance")
                    : Health.up().withDetail("state", "not started");
        } else {
            KafkaStreams.State state = streams.state();
            health = (DEAD.contains(state) ? Health.down() : Health.up()).withDetail("state", state.name());
        }
        String failure = lastThreadFailure;
        if (failure != null) {
            health.withDetail("lastThreadFailure", failure);
        }
        return health.build();
    }
}
