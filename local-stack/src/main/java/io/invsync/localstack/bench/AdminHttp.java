package io.invsync.localstack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** The measurements' calls to the services' APIs with the admin key, and their waits for a condition. */
final class AdminHttp {

    private final String adminKey;
    private final Duration patience;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param patience how long {@link #awaitTrue} waits before it gives up */
    AdminHttp(String adminKey, Duration patience) {
        this.adminKey = adminKey;
        this.patience = patience;
    }

    /** A call that must succeed (2xx). */
    void send(String method, String url, String type, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", adminKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", adminKey).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * Posts a CSV to wms-ingest's inventory endpoint ({@code url} with its query), streamed from {@code csv}; the
     * ingest run must have succeeded.
     */
    void postCsv(String url, Supplier<InputStream> csv) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/csv").header("X-Api-Key", adminKey)
                .POST(HttpRequest.BodyPublishers.ofInputStream(csv)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"SUCCEEDED\"")) {
            throw new IllegalStateException("ingest answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 200 ms until it holds, for {@code patience} at most. */
    void awaitTrue(Check check) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not reached within " + patience);
            }
            Thread.sleep(200);
        }
    }
}
