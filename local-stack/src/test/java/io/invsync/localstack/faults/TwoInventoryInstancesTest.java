package io.invsync.localstack.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.invsync.localstack.FreePorts;

/** {@link TwoInventoryInstancesContract} on the fault suite's in-JVM KRaft broker. */
class TwoInventoryInstancesTest extends TwoInventoryInstancesContract {

    private FaultBroker broker;

    @Override
    String startBroker() {
        try {
            int[] ports = FreePorts.take(2);
            Path dir = Files.createTempDirectory("invsync-two-inventory-broker");
            broker = new FaultBroker(dir, ports[0], ports[1]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        broker.start();
        return broker.bootstrapServers();
    }

    @Override
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    String name() {
        return "two-inventory";
    }
}
