package io.invsync.localstack.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.invsync.localstack.FreePorts;

/** {@link TwoInventoryInstancesContract} on the fault suite's in-JVM KRaft broker. */
class TwoInventoryInstancesTest extends TwoInventoryInstancesContract {

    private FaultBroker broker;
    private Path dir;

    @Override
    String startBroker() {
        try {
            int[] ports = FreePorts.take(2);
            dir = Files.createTempDirectory("invsync-two-inventory-broker");
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
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind
            }
        }
    }

    @Override
    String name() {
        return "two-inventory";
    }
}
