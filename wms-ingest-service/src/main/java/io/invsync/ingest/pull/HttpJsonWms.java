package io.invsync.ingest.pull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;

import io.invsync.ingest.inventory.PayloadException;
import io.invsync.ingest.inventory.RowInput;
import io.invsync.support.BodyTooLargeException;
import io.invsync.support.LimitedInputStream;
import io.invsync.support.OutboundPolicy;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generic HTTP JSON WMS: {@code GET <url>?page=<n>&pageSize=<size>} with {@code Authorization: Bearer
 * <secret>}, answering {@code {warehouseId?, items:[…], nextPage?}} (items as in a push; an item may carry its
 * own warehouseId) or a bare array of items. Pages are fetched as the rows are consumed, one page in memory at a
 * time, until a page is empty, {@code nextPage} is null, or a page without {@code nextPage} is short.
 * A WMS that is down, slow or answers garbage breaks the run off with a readable error, and so does a URL that
 * {@link OutboundPolicy} refuses (checked before each page). The secret goes into the Authorization header only:
 * no message here quotes the request or the WMS's answer.
 */
final class HttpJsonWms implements Iterator<RowInput> {

    private final HttpClient http;
    private final OutboundPolicy outbound;
    private final String url;
    private final String secret;
    private final int pageSize;
    private final Duration timeout;
    private final JsonMapper mapper;
    private final long maxPageBytes;
    private final Deque<JsonNode> page = new ArrayDeque<>();
    private Integer nextPage = 1;
    private int pagesRead;

    /**
     * @param mapper reads the pages, with bounded string lengths
     * @param maxPageBytes the largest page taken (a page is held in memory while its rows are consumed)
     */
    HttpJsonWms(HttpClient http, OutboundPolicy outbound, String url, String secret, int pageSize, Duration timeout,
            JsonMapper mapper,
            long maxPageBytes) {
        this.mapper = mapper;
        this.maxPageBytes = maxPageBytes;
        this.http = http;
        this.outbound = outbound;
        this.url = url;
        this.secret = secret;
        this.pageSize = pageSize;
        this.timeout = timeout;
    }

    int pagesRead() {
        return pagesRead;
    }

    @Override
    public boolean hasNext() {
        while (page.isEmpty() && nextPage != null) {
            fetch(nextPage);
        }
        return !page.isEmpty();
    }

    @Override
    public RowInput next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return RowInput.of(page.removeFirst());
    }

    private void fetch(int number) {
        String pageUrl = url + (url.contains("?") ? "&" : "?") + "page=" + number + "&pageSize=" + pageSize;
        URI uri;
        try {
            uri = URI.create(pageUrl);
            outbound.checkCall(uri); // every page: the name may point elsewhere by now (see OutboundPolicy)
        } catch (IllegalArgumentException | OutboundPolicy.RefusedException e) {
            throw fault(number, "wms.url: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json");
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw fault(number, "the WMS did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw fault(number, "cannot reach the WMS at " + URI.create(url).getHost() + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fault(number, "interrupted");
        }
        if (response.statusCode() != 200) {
            discard(response.body());
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw fault(number, "the WMS refused the credentials (HTTP " + response.statusCode()
                    + "); check wms.credentialsRef");
        }
        if (response.statusCode() != 200) {
            throw fault(number, "the WMS answered HTTP " + response.statusCode());
        }
        JsonNode body;
        try (InputStream in = new LimitedInputStream(response.body(), maxPageBytes)) {
            body = mapper.readTree(in);
        } catch (JacksonException e) {
            if (BodyTooLargeException.in(e) != null) {
                throw fault(number, "the WMS's page is larger than " + maxPageBytes + " bytes; ask for smaller pages"
                        + " (INVSYNC_PULL_PAGE_SIZE)");
            }
            if (e instanceof StreamConstraintsException) {
                throw fault(number, "the WMS's answer holds an over-long value: " + e.getOriginalMessage());
            }
            throw fault(number, "the WMS's answer is not JSON");
        } catch (IOException e) {
            throw fault(number, "the WMS's answer broke off (" + e.getClass().getSimpleName() + ")");
        }
        JsonNode items = body.isArray() ? body : body.path("items");
        if (!items.isArray()) {
            throw fault(number, "the WMS's answer has no items array");
        }
        pagesRead++;
        String pageWarehouse = body.isObject() && body.path("warehouseId").isString()
                ? body.path("warehouseId").asString() : null;
        for (JsonNode item : items) {
            if (pageWarehouse != null && item.isObject() && !item.has("warehouseId")) {
                ((tools.jackson.databind.node.ObjectNode) item).put("warehouseId", pageWarehouse);
            }
            page.add(item);
        }
        JsonNode next = body.isObject() ? body.get("nextPage") : null;
        if (items.isEmpty()) {
            nextPage = null;
        } else if (next != null) {
            nextPage = next.isIntegralNumber() ? Integer.valueOf(next.asInt()) : null;
        } else {
            nextPage = items.size() < pageSize ? null : number + 1;
        }
    }

    private static void discard(InputStream body) {
        try (body) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the answer is refused anyway
        }
    }

    private static PayloadException fault(int page, String message) {
        return new PayloadException("wms", "page " + page + ": " + message, false);
    }
}
