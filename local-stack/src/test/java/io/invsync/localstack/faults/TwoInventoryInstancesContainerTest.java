package io.invsync.localstack.faults;

import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link TwoInventoryInstancesContract} on Kafka's own image, as docker-compose.yml runs it: the same steps and
 * assertions as on the in-JVM broker. Skipped (and reported as skipped) where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class TwoInventoryInstancesContainerTest extends TwoInventoryInstancesContract {

    /** The image and version of docker-compose.yml. */
    static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.1.1");

    private KafkaContainer kafka;

    @Override
    String startBroker() {
        kafka = new KafkaContainer(KAFKA)
                // one node: the transaction log of exactly-once with one replica, as in docker-compose.yml
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        kafka.start();
        return kafka.getBootstrapServers();
    }

    @Override
    void stopBroker() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Override
    String name() {
        return "two-inventory-container";
    }
}
