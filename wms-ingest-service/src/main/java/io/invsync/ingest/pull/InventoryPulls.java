package io.invsync.ingest.pull;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.invsync.events.EventJson;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.InventorySync;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.RunTrigger;
import io.invsync.ingest.inventory.BrokenPayloadException;
import io.invsync.ingest.inventory.InventoryIngestion;
import io.invsync.ingest.merchant.MerchantDirectory;
import io.invsync.ingest.run.InventoryRunHistory;
import io.invsync.support.OutboundPolicy;
import io.invsync.support.Secrets;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pulls inventory from the WMS: on schedule for merchants whose sync is ON (every poll interval since the last
 * pull began), or now on request. One pull per merchant at a time. A failed pull is a FAILED run with the reason;
 * the next one tries again.
 */
@Service
public class InventoryPulls {

    private static final Logger log = LoggerFactory.getLogger(InventoryPulls.class);

    private final MerchantDirectory merchants;
    private final InventoryRunHistory history;
    private final InventoryIngestion ingestion;
    private final Secrets secrets;
    private final OutboundPolicy outbound;
    private final PullOwnership ownership;
    private final Clock clock;
    private final HttpClient http;
    private final int pageSize;
    private final Duration timeout;
    private final JsonMapper pageMapper;
    private final long maxPageBytes;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastStarted = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "inventory-pull");
        thread.setDaemon(true);
        return thread;
    });

    InventoryPulls(MerchantDirectory merchants, InventoryRunHistory history, InventoryIngestion ingestion,
            Secrets secrets, OutboundPolicy outbound, PullOwnership ownership, Clock clock, @Value("${invsync.pull.page-size:1000}") int pageSize,
            @Value("${invsync.pull.timeout:PT30S}") Duration timeout,
            @Value("${invsync.ingest.max-body-bytes:104857600}") long maxPageBytes,
            @Value("${invsync.http.max-json-string-chars:65536}") int maxJsonStringChars) {
        this.maxPageBytes = maxPageBytes;
        this.pageMapper = EventJson.boundedMapper(maxJsonStringChars);
        this.merchants = merchants;
        this.history = history;
        this.ingestion = ingestion;
        this.secrets = secrets;
        this.outbound = outbound;
        this.ownership = ownership;
        this.clock = clock;
        this.pageSize = pageSize;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Why a pull cannot start now, or null when it can. */
    public String refusal(MerchantSettingsChanged merchant) {
        if (merchant.inventorySync() == InventorySync.OFF) {
            return "inventory sync is OFF for merchant " + merchant.merchantId() + ": set it to ON to pull";
        }
        if (merchant.inventorySync() == InventorySync.AUTOMATIC) {
            return "inventory sync is AUTOMATIC for merchant " + merchant.merchantId()
                    + ": the WMS pushes, invsync never pulls";
        }
        if (merchant.wms() == null || merchant.wms().url() == null || merchant.wms().url().isBlank()) {
            return "merchant " + merchant.merchantId() + " has no wms.url to pull from";
        }
        if (running.contains(merchant.merchantId())) {
            return "a pull for merchant " + merchant.merchantId() + " is already running";
        }
        return null;
    }

    /** Starts a pull in the background; returns its run id. */
    public String start(MerchantSettingsChanged merchant, RunTrigger trigger) {
        if (!running.add(merchant.merchantId())) {
            throw new IllegalStateException("a pull for merchant " + merchant.merchantId() + " is already running");
        }
        String runId = UUID.randomUUID().toString();
        lastStarted.put(merchant.merchantId(), Instant.now(clock));
        executor.execute(() -> {
            try {
                pull(runId, merchant, trigger);
            } finally {
                running.remove(merchant.merchantId());
            }
        });
        return runId;
    }

    InventoryRunRecorded pull(String runId, MerchantSettingsChanged merchant, RunTrigger trigger) {
        String ref = merchant.wms().credentialsRef();
        String secret = ref == null ? null : secrets.resolve(merchant.merchantId(), ref).orElse(null);
        if (ref != null && secret == null) {
            return ingestion.recordFailure(runId, merchant.merchantId(), trigger,
                    "the WMS secret named by wms.credentialsRef '" + ref + "' is not configured (INVSYNC_SECRET_" + ref
                            + ") or not granted to this merchant (INVSYNC_SECRET_GRANTS)");
        }
        var wms = new HttpJsonWms(http, outbound, merchant.wms().url(), secret, pageSize, timeout, pageMapper,
                maxPageBytes);
        try {
            return ingestion.ingest(runId, merchant.merchantId(), trigger, null, Instant.now(clock), wms);
        } catch (BrokenPayloadException e) {
            log.warn("pull for merchant {} broke off: {}", merchant.merchantId(), e.run().error());
            return e.run();
        }
    }

    /**
     * Every merchant whose sync is ON, and whose pulls are this instance's ({@link PullOwnership}), is pulled once
     * its poll interval has passed since its last pull began (by whichever instance).
     */
    @Scheduled(fixedDelayString = "${invsync.pull.tick:PT10S}")
    void pullDue() {
        Instant now = Instant.now(clock);
        for (MerchantSettingsChanged merchant : merchants.all()) {
            if (!ownership.owns(merchant.merchantId())) {
                // another instance pulls it; when it comes back here, its last pull is read from the runs again
                lastStarted.remove(merchant.merchantId());
                continue;
            }
            if (refusal(merchant) != null) {
                continue;
            }
            Instant last = lastStarted.computeIfAbsent(merchant.merchantId(), m -> history.history(m).stream()
                    .filter(r -> r.trigger() == RunTrigger.SCHEDULED || r.trigger() == RunTrigger.MANUAL)
                    .map(InventoryRunRecorded::startedAt).findFirst().orElse(Instant.EPOCH));
            if (!last.plus(merchant.pollInterval()).isAfter(now)) {
                start(merchant, RunTrigger.SCHEDULED);
            }
        }
    }
}
