package io.invsync.localstack.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * One service in a JVM of its own, started from this JVM's classpath with the arguments local-stack gives it, so
 * that it can be killed for real: {@link #kill()} is SIGKILL (no shutdown hook, no Spring close, no producer
 * flush, no leaving the consumer group). Its output goes to a log file that a failing test prints the end of.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration START_PATIENCE = Duration.ofSeconds(90);

    private final String name;
    private final int port;
    private final List<String> command;
    private final Path log;
    private final String healthUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    ServiceProcess(Service service, int port, List<String> args, Path logDir) {
        this(service, service.name().toLowerCase(), port, args, logDir);
    }

    /** @param name names the log file and the messages: one of several instances of a service */
    ServiceProcess(Service service, String name, int port, List<String> args, Path logDir) {
        this.name = name;
        this.port = port;
        this.log = logDir.resolve(name + ".log");
        this.healthUrl = "http://localhost:" + port + "/actuator/health";
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                ServiceMain.class.getName(), service.mainClass().getName()));
        command.addAll(args);
        this.command = List.copyOf(command);
    }

    /** The instance's name, as in its log file's. */
    String name() {
        return name;
    }

    /** Where the instance answers. */
    String url() {
        return "http://localhost:" + port;
    }

    /** Starts the JVM and returns once the service answers its health check. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- start " + (++starts) + " at " + java.time.Instant.now() + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    starts == 1 ? java.nio.file.StandardOpenOption.TRUNCATE_EXISTING
                            : java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
        long begun = System.nanoTime();
        awaitHealthy();
        System.out.printf("[faults] %s started (start %d) at %s in %d ms%n", name, starts, url(),
                (System.nanoTime() - begun) / 1_000_000);
    }

    private void awaitHealthy() {
        Process started = process;
        try {
            Awaitility.await(name + " healthy").atMost(START_PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + started.exitValue());
                        }
                        return healthy();
                    });
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + " did not start:\n" + logTail(), e);
        }
    }

    /** Whether the JVM runs. */
    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits until the instance reports ready again (after a rebalance moved its partitions, say). */
    void awaitReady(Duration patience) {
        org.awaitility.Awaitility.await(name + " ready").atMost(patience).pollInterval(Duration.ofMillis(250))
                .until(this::healthy);
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(healthUrl))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        System.out.printf("[faults] %s killed%n", name);
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /** SIGTERM: the service shuts down cleanly (Spring closes Kafka Streams, which checkpoints its stores). */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        System.out.printf("[faults] %s stopped%n", name);
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + name, e);
        }
    }

    /** The last lines of the service's output, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        kill();
    }
}
