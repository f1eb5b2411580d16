package io.invsync.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.invsync.cartpush.CartPushApplication;
import io.invsync.diagnostics.DiagnosticsApplication;
import io.invsync.ingest.IngestApplication;
import io.invsync.inventory.InventoryApplication;

/**
 * The four services as Spring contexts in one JVM, each with its own settings passed as command-line arguments
 * (which win over each service's own file) and each on its own port.
 */
public final class Services implements AutoCloseable {

    /**
     * Loopback, where the stack's simulated cart and any WMS a developer runs listen: the one-command stack and
     * its tests allow it explicitly (every other deployment calls public https hosts only).
     */
    public static final String LOOPBACK = "localhost,127.0.0.1";

    /**
     * Ports and shared settings of one stack.
     *
     * @param cartSecrets secrets that cart credentialsRefs name: given to cart-push-service only
     * @param wmsSecrets secrets that merchants' wms.credentialsRef name: given to wms-ingest-service only
     * @param secretGrants which merchants may use which secret (INVSYNC_SECRET_GRANTS syntax)
     * @param outboundAllow the hosts exempt from the outbound policy (INVSYNC_OUTBOUND_ALLOW syntax)
     */
    public record Settings(String bootstrapServers, String adminKey, String readKey, Path stateDir, int ingestPort,
            int inventoryPort, int cartPushPort, int diagnosticsPort, Map<String, String> cartSecrets,
            Map<String, String> wmsSecrets, String secretGrants, String outboundAllow) {
    }

    private final List<ConfigurableApplicationContext> contexts;

    private Services(List<ConfigurableApplicationContext> contexts) {
        this.contexts = contexts;
    }

    /** Starts the four services in parallel and returns once all of them are up and ready. */
    public static Services start(Settings settings) {
        // four applications in one JVM would each re-initialise logging: the stack's logback.xml configures it once
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install(); // Tomcat logs through java.util.logging
        }
        Map<String, CompletableFuture<ConfigurableApplicationContext>> starting = new LinkedHashMap<>();
        starting.put("wms-ingest-service", run(IngestApplication::application, settings, settings.ingestPort(),
                calloutArgs(settings, settings.wmsSecrets())));
        starting.put("inventory-service", run(InventoryApplication::application, settings, settings.inventoryPort(),
                "--spring.kafka.streams.state-dir=" + settings.stateDir().resolve("inventory-service").toAbsolutePath()));
        starting.put("cart-push-service", run(CartPushApplication::application, settings, settings.cartPushPort(),
                calloutArgs(settings, settings.cartSecrets(), "--spring.kafka.streams.state-dir="
                        + settings.stateDir().resolve("cart-push-service").toAbsolutePath())));
        starting.put("diagnostics-service", run(DiagnosticsApplication::application, settings,
                settings.diagnosticsPort(), "--spring.kafka.streams.state-dir="
                        + settings.stateDir().resolve("diagnostics-service").toAbsolutePath()));
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        RuntimeException failure = null;
        for (var entry : starting.entrySet()) {
            try {
                contexts.add(entry.getValue().join());
            } catch (RuntimeException e) {
                failure = failure == null ? new IllegalStateException(entry.getKey() + " did not start", e) : failure;
            }
        }
        Services services = new Services(contexts);
        if (failure == null) {
            failure = awaitReady(settings);
        }
        if (failure != null) {
            services.close();
            throw failure;
        }
        return services;
    }

    /**
     * For the two services that call out: their secrets (which reach only the service that resolves them, as the
     * properties INVSYNC_SECRET_<ref>), the grants and the outbound allowance.
     */
    private static String[] calloutArgs(Settings settings, Map<String, String> secrets, String... more) {
        List<String> args = new ArrayList<>(List.of(more));
        secrets.forEach((ref, secret) -> args.add("--INVSYNC_SECRET_" + ref + "=" + secret));
        args.add("--INVSYNC_SECRET_GRANTS=" + settings.secretGrants());
        args.add("--invsync.outbound.allow=" + settings.outboundAllow());
        return args.toArray(String[]::new);
    }

    /**
     * Waits until every service reports ready ({@code /actuator/health/readiness}: its tables loaded, Kafka Streams
     * running), so that the stack is announced only once its answers are complete.
     */
    private static IllegalStateException awaitReady(Settings settings) {
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        for (int port : new int[] {settings.ingestPort(), settings.inventoryPort(), settings.cartPushPort(),
                settings.diagnosticsPort()}) {
            var request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + port + "/actuator/health/readiness")).build();
            try {
                while (http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    if (System.nanoTime() > deadline) {
                        return new IllegalStateException("the service on port " + port + " was not ready within 2 min");
                    }
                    Thread.sleep(100);
                }
            } catch (java.io.IOException e) {
                return new IllegalStateException("the service on port " + port + " does not answer: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new IllegalStateException("interrupted while waiting for the services to be ready", e);
            }
        }
        return null;
    }

    private static CompletableFuture<ConfigurableApplicationContext> run(Supplier<SpringApplication> application,
            Settings settings, int port, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--invsync.kafka.bootstrap-servers=" + settings.bootstrapServers(),
                "--invsync.admin-key=" + settings.adminKey(),
                "--invsync.read-key=" + settings.readKey()));
        args.add("--spring.main.banner-mode=off");
        // the local stack may run with the built-in development keys; a service started on its own may not
        args.add("--spring.profiles.include=local");
        args.addAll(List.of(extra));
        var result = new CompletableFuture<ConfigurableApplicationContext>();
        Thread starter = new Thread(() -> {
            try {
                result.complete(application.get().run(args.toArray(String[]::new)));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "start-" + port);
        // under `mvn exec:java` the project's classes live in a class loader of their own
        starter.setContextClassLoader(Services.class.getClassLoader());
        starter.start();
        return result;
    }

    @Override
    public void close() {
        // the reverse of the path: stop reading before the writers go
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }
}
