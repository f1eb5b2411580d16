package io.invsync.localstack.faults;

import java.nio.file.Path;

import io.invsync.localstack.KafkaBroker;

/**
 * local-stack's {@link KafkaBroker} on a data directory and fixed ports that it keeps, so that it can be stopped
 * and started again mid-run with every record still there and every client able to reconnect to the same address.
 */
final class FaultBroker implements StackBroker {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaBroker running;

    FaultBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            throw new IllegalStateException("the broker is running");
        }
        try {
            running = KafkaBroker.start(dataDir, port, controllerPort);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the broker on " + dataDir, e);
        }
    }

    /** A clean shutdown: the broker's own restart path (a crashed broker recovers its logs the same way). */
    @Override
    public synchronized void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
