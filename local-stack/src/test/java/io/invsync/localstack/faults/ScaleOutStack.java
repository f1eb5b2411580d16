package io.invsync.localstack.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.invsync.localstack.FreePorts;

/**
 * Several instances of the same services on one broker, each in a JVM of its own (so that it can be SIGKILLed and
 * started again) with its own port and its own state directory, and so its own {@code application.server}: what
 * a second instance started by an operator would be. The broker is anyone's (the fault suite's
 * {@link FaultBroker}, a container): only its address is needed.
 *
 * <pre>{@code
 * try (ScaleOutStack stack = new ScaleOutStack("two-inventory", broker.bootstrapServers())) {
 *     ServiceProcess first = stack.start(Service.INVENTORY);
 *     ServiceProcess second = stack.start(Service.INVENTORY);
 *     second.kill();
 *     second.start(); // same port, same arguments, same state directory
 * }
 * }</pre>
 */
final class ScaleOutStack implements AutoCloseable {

    private final String bootstrapServers;
    private final Path dir;
    private final Path logDir;
    private final List<ServiceProcess> instances = new ArrayList<>();

    ScaleOutStack(String name, String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        try {
            this.dir = Files.createTempDirectory("invsync-" + name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // kept after the run (under target/), so that a failure in CI can be read
        this.logDir = Path.of("target", "fault-logs", name);
    }

    /**
     * Starts one more instance of {@code service} (with the arguments the fault suite gives it, plus {@code extraArgs})
     * and returns once it is healthy, its Kafka Streams state restored.
     */
    synchronized ServiceProcess start(Service service, String... extraArgs) {
        long number = instances.stream().filter(instance -> instance.name().startsWith(service.id() + "-")).count() + 1;
        String name = service.id() + "-" + number;
        int port;
        try {
            port = FreePorts.take(1)[0];
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> args = new ArrayList<>(FaultStack.serviceArgs(service, port, bootstrapServers, dir.resolve(name)));
        args.addAll(List.of(extraArgs));
        ServiceProcess instance = new ServiceProcess(service, name, port, args, logDir);
        instances.add(instance);
        instance.start();
        return instance;
    }

    @Override
    public synchronized void close() {
        instances.forEach(ServiceProcess::close);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind
        }
    }
}
