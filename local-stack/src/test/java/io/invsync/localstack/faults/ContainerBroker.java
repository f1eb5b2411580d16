package io.invsync.localstack.faults;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka's own image, as docker-compose.yml runs it: one node, the transaction log of exactly-once with one
 * replica. For the tests that run where a Docker engine does ({@code @Testcontainers(disabledWithoutDocker = true)}).
 * Not restartable: a container started again has another address.
 */
final class ContainerBroker implements StackBroker {

    /** The image and version of docker-compose.yml. */
    static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.1.1");

    private final KafkaContainer kafka = new KafkaContainer(KAFKA)
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");

    @Override
    public void start() {
        kafka.start();
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("a container broker is not restarted: its address would change");
    }

    @Override
    public void close() {
        kafka.stop();
    }
}
