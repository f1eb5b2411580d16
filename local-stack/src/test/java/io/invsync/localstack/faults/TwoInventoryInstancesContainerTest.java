package io.invsync.localstack.faults;

import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@link TwoInventoryInstancesContract} on Kafka's own image, as docker-compose.yml runs it: the same steps and
 * assertions as on the in-JVM broker. Skipped (and reported as skipped) where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class TwoInventoryInstancesContainerTest extends TwoInventoryInstancesContract {

    private ContainerBroker kafka;

    @Override
    String startBroker() {
        kafka = new ContainerBroker();
        kafka.start();
        return kafka.bootstrapServers();
    }

    @Override
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Override
    String name() {
        return "two-inventory-container";
    }
}
