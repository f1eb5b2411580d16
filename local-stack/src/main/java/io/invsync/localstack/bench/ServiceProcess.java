package io.invsync.localstack.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;


/** One service in a JVM of its own, as in production, so that its heap can be measured on its own. */
final class ServiceProcess implements AutoCloseable {

    final String name;
    final int port;
    private final Process process;
    private final List<String> command;
    private final Path logDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong peakHeap = new AtomicLong();

    private ServiceProcess(String name, int port, Process process, List<String> command, Path logDir) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.command = command;
        this.logDir = logDir;
    }

    static ServiceProcess start(String name, String mainClass, int port, String maxHeap, Path logDir,
            List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                mainClass, "--server.port=" + port, "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        if (Boolean.getBoolean("bench.jfr")) {
            // a CPU profile of each service: jfr print --events jdk.ExecutionSample <file>
            command.add(1, "-XX:StartFlightRecording=filename=" + logDir.resolve(name + ".jfr").toAbsolutePath()
                    + ",settings=profile");
        }
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".log").toFile()).start();
        return new ServiceProcess(name, port, process, command, logDir);
    }

    /**
     * SIGKILL (no shutdown hook, no commit, no leaving the group), then the same command again: the same port and
     * state directory. The peak heap carries over.
     */
    ServiceProcess killAndRestart() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        Process again = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + "-restarted.log").toFile()).start();
        ServiceProcess restarted = new ServiceProcess(name, port, again, command, logDir);
        restarted.peakHeap.set(peakHeap.get());
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

    /** Samples the heap in use and keeps the peak. */
    void sampleHeap() {
        try {
            // the open Prometheus scrape (the rest of the actuator is closed): the heap pools summed
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url()
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                long used = (long) response.body().lines()
                        .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
                peakHeap.accumulateAndGet(used, Math::max);
            }
        } catch (IOException e) {
            // a missed sample is not a result
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long peakHeapBytes() {
        return peakHeap.get();
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
