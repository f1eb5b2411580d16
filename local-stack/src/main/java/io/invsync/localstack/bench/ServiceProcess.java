package io.invsync.localstack.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/** One service in a JVM of its own, as in production, so that its heap can be measured on its own. */
final class ServiceProcess implements AutoCloseable {

    final String name;
    final int port;
    private final Process process;
    private final List<String> command;
    private final Path logDir;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The names of the logs of this JVM and of those it replaced (killed and restarted). */
    private final List<String> logs = new ArrayList<>();

    private ServiceProcess(String name, int port, Process process, List<String> command, Path logDir) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.command = command;
        this.logDir = logDir;
    }

    /**
     * The settings every service of a measured pipeline starts with: the broker, the admin key, and loopback allowed
     * (the simulated carts listen there, which only an explicit allowance lets a service call).
     */
    static List<String> pipelineArgs(String bootstrap, String adminKey) {
        return List.of("--invsync.kafka.bootstrap-servers=" + bootstrap, "--invsync.admin-key=" + adminKey,
                "--invsync.outbound.allow=localhost,127.0.0.1");
    }

    static ServiceProcess start(String name, String mainClass, int port, String maxHeap, Path logDir,
            List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("-Xmx" + maxHeap, "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), mainClass, "--server.port=" + port,
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        command.addAll(args);
        command.addAll(extraArgs(name, System.getProperty("bench.serviceArgs", "")));
        ServiceProcess started = new ServiceProcess(name, port, launch(name, name, command, logDir), command, logDir);
        started.logs.add(name);
        return started;
    }

    /** A measurement stopped with Ctrl-C or a kill leaves none of its services running. */
    static void stopAtExit(java.util.function.Supplier<List<ServiceProcess>> services) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> services.get().forEach(ServiceProcess::close)));
    }

    /**
     * The settings a measurement adds to some services ({@code bench.serviceArgs}): space-separated
     * {@code <service>:<argument>}, e.g. {@code cart-push-service:--invsync.push.hand-off-interval=PT0.01S}; an
     * argument goes to every instance whose name starts with the service's.
     */
    static List<String> extraArgs(String name, String serviceArgs) {
        List<String> extra = new ArrayList<>();
        for (String entry : serviceArgs.trim().split("\\s+")) {
            int colon = entry.indexOf(':');
            if (colon > 0 && name.startsWith(entry.substring(0, colon))) {
                extra.add(entry.substring(colon + 1));
            }
        }
        return extra;
    }

    /**
     * The JVM, its log {@code <log>.log} and its GC log {@code <log>.gc.log} (the heap is read from the GC log: no
     * request to the service, which costs it nothing), and a CPU profile {@code <log>.jfr} with {@code bench.jfr}.
     */
    private static Process launch(String name, String log, List<String> args, Path logDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xlog:gc:file=" + logDir.resolve(log + ".gc.log").toAbsolutePath()));
        if (Boolean.getBoolean("bench.jfr")) {
            // a CPU profile of each service: jfr print --events jdk.ExecutionSample <file>
            command.add("-XX:StartFlightRecording=filename=" + logDir.resolve(log + ".jfr").toAbsolutePath()
                    + ",settings=profile");
        }
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logDir.resolve(log + ".log").toFile()).start();
    }

    /**
     * SIGKILL (no shutdown hook, no commit, no leaving the group), then the same command again: the same port and
     * state directory; its logs end in {@code -restarted}. The peak heap covers both.
     */
    ServiceProcess killAndRestart() throws IOException, InterruptedException {
        if (Boolean.getBoolean("bench.jfr")) {
            // SIGKILL leaves no recording behind: what was recorded until now is written first
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "JFR.dump", "filename="
                            + logDir.resolve(name + ".jfr").toAbsolutePath()).inheritIO().start().waitFor();
        }
        process.destroyForcibly();
        process.waitFor();
        String log = name + "-restarted";
        ServiceProcess restarted = new ServiceProcess(name, port, launch(name, log, command, logDir), command, logDir);
        restarted.logs.addAll(logs);
        restarted.logs.add(log);
        return restarted;
    }

    String url() {
        return "http://localhost:" + port;
    }

    void awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log");
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not healthy within " + timeout);
    }

    /** One scrape of {@code /actuator/prometheus}, which needs no key. */
    String prometheus() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * The most heap in use, from the GC logs of this JVM and those it replaced: the largest occupancy before a
     * collection ({@code GC(n) Pause Young (Allocation Failure) 120M->31M(494M) 4.1ms}). Read after the runs.
     */
    long peakHeapBytes() throws IOException {
        long peak = 0;
        for (String log : logs) {
            Path gcLog = logDir.resolve(log + ".gc.log");
            if (!Files.exists(gcLog)) {
                continue;
            }
            try (var lines = Files.lines(gcLog)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    Matcher collection = COLLECTION.matcher(line);
                    if (collection.find()) {
                        peak = Math.max(peak, bytes(collection.group(1), collection.group(2)));
                    }
                }
            }
        }
        return peak;
    }

    private static final Pattern COLLECTION = Pattern.compile("GC\\(\\d+\\) Pause .* (\\d+)([KMG])->\\d+[KMG]\\(");

    private static long bytes(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> value * 1024;
            case "M" -> value * 1024 * 1024;
            default -> value * 1024 * 1024 * 1024;
        };
    }

    /** The CPU time the service's JVM has used so far (zero where the platform does not tell). */
    java.time.Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
