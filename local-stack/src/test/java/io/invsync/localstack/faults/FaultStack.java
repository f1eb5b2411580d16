package io.invsync.localstack.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.context.ConfigurableApplicationContext;

import io.invsync.localstack.FreePorts;

/**
 * A broker and the four services for destructive tests, never shared with local-stack's other tests: the in-JVM
 * broker keeps its data directory and ports so that it can be restarted (a container broker cannot be), and each
 * service runs either in this JVM (as local-stack's Services does, with the same arguments) or in a JVM of its own
 * so that it can be killed.
 */
final class FaultStack implements AutoCloseable {

    static final String ADMIN_KEY = "faults-admin-key";
    static final String READ_KEY = "faults-read-key";
    static final String CART_REF = "FAULT_CART";
    static final String CART_SECRET = "faults-cart-secret";
    /** The merchants of the fault runs (a run's merchant is its name), granted the cart secret. */
    /** The INVSYNC_INSTANCE_ID of this stack's Streams services (one instance each). */
    static final String STATIC_MEMBER = "fault-1";

    static final List<String> MERCHANTS = List.of("broker-restart", "flaky-cart", "kill-ingest-after-ack",
            "kill-ingest", "kill-inventory", "kill-cartpush", "kill-diagnostics", "scale-out-kill");

    /**
     * A killed service's consumers keep their partitions until their session times out (45 s by default), and
     * the restarted service's consumers wait for that. The recovery is the same with 6 s (the broker's least),
     * and a kill then costs seconds of test time instead of most of a minute.
     */
    private static final List<String> QUICK_GROUP_RECOVERY_BINDER = List.of(
            "--spring.cloud.stream.kafka.binder.consumer-properties.session.timeout.ms=6000",
            "--spring.cloud.stream.kafka.binder.consumer-properties.heartbeat.interval.ms=1500");
    /** cart-push- and diagnostics-service set their main consumer's session from these (their yml). */
    private static final List<String> QUICK_GROUP_RECOVERY_PARTITIONED = List.of(
            "--INVSYNC_STREAMS_SESSION_TIMEOUT_MS=6000", "--INVSYNC_STREAMS_HEARTBEAT_INTERVAL_MS=1500");
    private static final List<String> QUICK_GROUP_RECOVERY_STREAMS = List.of(
            "--spring.kafka.streams.properties.session.timeout.ms=6000",
            "--spring.kafka.streams.properties.heartbeat.interval.ms=1500");

    final StackBroker broker;
    private final Map<Service, List<String>> extraArgs;
    private final Path dir;
    /** Kept after the run (under target/), so that a failure in CI can be read. */
    private final Path logDir;
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, List<String>> args = new EnumMap<>(Service.class);
    private final Map<Service, ServiceProcess> processes = new EnumMap<>(Service.class);
    private final Map<Service, ConfigurableApplicationContext> contexts = new EnumMap<>(Service.class);

    private FaultStack(Path dir, StackBroker broker, int[] ports, Map<Service, List<String>> extraArgs, Path logDir) {
        this.dir = dir;
        this.logDir = logDir;
        this.broker = broker;
        this.extraArgs = Map.copyOf(extraArgs);
        for (Service service : Service.values()) {
            this.ports.put(service, ports[service.ordinal()]);
        }
    }

    /** Each service's arguments, once the broker runs (a container's address is known only then). */
    private void fixArguments() {
        for (Service service : Service.values()) {
            List<String> serviceArgs = new ArrayList<>(serviceArgs(service, ports.get(service), broker.bootstrapServers(),
                    dir.resolve(service.id())));
            if (service != Service.WMS_INGEST) {
                // named, as a deployment names its instances: a killed one restarted is the same static member
                serviceArgs.add("--INVSYNC_INSTANCE_ID=" + STATIC_MEMBER);
            }
            serviceArgs.addAll(extraArgs.getOrDefault(service, List.of()));
            args.put(service, List.copyOf(serviceArgs));
        }
    }

    /**
     * The arguments of one instance of a service in a test stack: the stack's broker, keys, grants and quick group
     * recovery, its own port and its own state directory (where a Kafka Streams service keeps its stores, so that
     * two instances of it never share one). Also used by {@link ScaleOutStack}.
     */
    static List<String> serviceArgs(Service service, int port, String bootstrapServers, Path stateDir) {
        List<String> serviceArgs = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--invsync.kafka.bootstrap-servers=" + bootstrapServers,
                "--invsync.admin-key=" + ADMIN_KEY,
                "--spring.main.banner-mode=off",
                // the simulated cart listens on loopback; the runs' merchants use the cart secret
                "--invsync.outbound.allow=localhost,127.0.0.1",
                "--INVSYNC_SECRET_GRANTS=" + CART_REF + "=" + String.join(",", MERCHANTS),
                "--spring.kafka.streams.state-dir=" + stateDir.toAbsolutePath()));
        serviceArgs.addAll(switch (service) {
            case WMS_INGEST -> QUICK_GROUP_RECOVERY_BINDER;
            case DIAGNOSTICS -> QUICK_GROUP_RECOVERY_PARTITIONED;
            case CART_PUSH -> Stream.concat(QUICK_GROUP_RECOVERY_PARTITIONED.stream(),
                    Stream.of("--INVSYNC_SECRET_" + CART_REF + "=" + CART_SECRET)).toList();
            case INVENTORY -> QUICK_GROUP_RECOVERY_STREAMS;
        });
        serviceArgs.add("--invsync.read-key=" + READ_KEY);
        return serviceArgs;
    }

    /**
     * Starts the fault suite's restartable in-JVM broker, then the services: those in {@code ownJvm} as processes of
     * their own, the others in this JVM, all in parallel.
     */
    static FaultStack start(String name, Set<Service> ownJvm, Map<Service, List<String>> extraArgs) {
        Path dir;
        int[] brokerPorts;
        try {
            dir = Files.createTempDirectory("invsync-" + name);
            brokerPorts = FreePorts.take(2);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return start(name, dir, new FaultBroker(dir, brokerPorts[0], brokerPorts[1]), ownJvm, extraArgs);
    }

    /** The same on a broker of the caller's (a container), which the stack starts and closes. */
    static FaultStack start(String name, StackBroker broker, Set<Service> ownJvm, Map<Service, List<String>> extraArgs) {
        try {
            return start(name, Files.createTempDirectory("invsync-" + name), broker, ownJvm, extraArgs);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FaultStack start(String name, Path dir, StackBroker broker, Set<Service> ownJvm,
            Map<Service, List<String>> extraArgs) {
        FaultStack stack;
        try {
            stack = new FaultStack(dir, broker, FreePorts.take(Service.values().length), extraArgs,
                    Path.of("target", "fault-logs", name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            stack.broker.start();
            stack.fixArguments();
            List<CompletableFuture<Void>> starting = new ArrayList<>();
            // JVMs of their own start one after the other: started together they contend for the two cores
            // and take twice as long in all
            CompletableFuture<Void> processes = CompletableFuture.completedFuture(null);
            for (Service service : Service.values()) {
                if (ownJvm.contains(service)) {
                    processes = processes.thenRunAsync(() -> stack.startProcess(service),
                            runnable -> new Thread(runnable, "start-" + service).start());
                } else {
                    starting.add(stack.startInThisJvm(service));
                }
            }
            starting.add(processes);
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    String url(Service service) {
        return "http://localhost:" + ports.get(service);
    }

    ServiceProcess process(Service service) {
        ServiceProcess process;
        synchronized (processes) {
            process = processes.get(service);
        }
        if (process == null) {
            throw new IllegalArgumentException(service + " runs in the test JVM: it cannot be killed");
        }
        return process;
    }

    private void startProcess(Service service) {
        ServiceProcess process = new ServiceProcess(service, ports.get(service), args.get(service), logDir);
        synchronized (processes) {
            processes.put(service, process);
        }
        process.start();
    }

    private CompletableFuture<Void> startInThisJvm(Service service) {
        // several applications in one JVM would each re-initialise logging (as in local-stack's Services)
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        var started = new CompletableFuture<Void>();
        Thread starter = new Thread(() -> {
            try {
                var context = service.application().run(args.get(service).toArray(String[]::new));
                synchronized (contexts) {
                    contexts.put(service, context);
                }
                started.complete(null);
            } catch (Throwable e) {
                started.completeExceptionally(new IllegalStateException(service + " did not start", e));
            }
        }, "start-" + service);
        starter.setContextClassLoader(FaultStack.class.getClassLoader());
        starter.start();
        return started;
    }

    @Override
    public void close() {
        synchronized (processes) {
            processes.values().forEach(ServiceProcess::close);
        }
        List<Service> running;
        synchronized (contexts) {
            running = new ArrayList<>(contexts.keySet());
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                contexts.get(running.get(i)).close();
            } catch (RuntimeException e) {
                // closing is best effort: the broker goes next either way
            }
        }
        broker.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind
        }
    }

}
