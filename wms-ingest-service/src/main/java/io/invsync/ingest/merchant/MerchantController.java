package io.invsync.ingest.merchant;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.Keys;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.Topics;
import io.invsync.support.EventPublisher;
import io.invsync.support.NotFoundException;
import io.invsync.support.OutboundPolicy;
import io.invsync.support.Secrets;
import io.invsync.ingest.run.InventoryRunHistory;
import io.invsync.ingest.security.PushAuthorizer;

@RestController
@RequestMapping("/api/merchants/{merchantId}")
class MerchantController {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MerchantDirectory directory;
    private final InventoryRunHistory runs;
    private final EventPublisher publisher;
    private final Clock clock;
    private final OutboundPolicy outbound;
    private final Secrets secrets;

    MerchantController(MerchantDirectory directory, InventoryRunHistory runs, EventPublisher publisher, Clock clock,
            OutboundPolicy outbound, Secrets secrets) {
        this.outbound = outbound;
        this.secrets = secrets;
        this.directory = directory;
        this.runs = runs;
        this.publisher = publisher;
        this.clock = clock;
    }

    @PutMapping
    MerchantView put(@PathVariable String merchantId, @Valid @RequestBody MerchantSettingsRequest request) {
        Keys.requireId("merchantId", merchantId);
        if (request.wms() != null) {
            // judged now, without connecting or looking the host up; judged again before each pull
            outbound.checkSetting("wms.url", request.wms().url());
            secrets.requireGranted("wms.credentialsRef", merchantId, request.wms().credentialsRef());
        }
        var wms = request.wms() == null ? null
                : new MerchantSettingsChanged.Wms(request.wms().type(), request.wms().url(), request.wms().credentialsRef());
        String pushKeySha256 = directory.find(merchantId).map(MerchantSettingsChanged::pushKeySha256).orElse(null);
        var settings = new MerchantSettingsChanged(merchantId, request.name(), request.inventorySync(),
                request.pollInterval() == null ? MerchantSettingsRequest.DEFAULT_POLL_INTERVAL : request.pollInterval(),
                wms, pushKeySha256, Instant.now(clock));
        save(settings);
        return view(settings);
    }

    /**
     * Issues a new push key for the merchant's WMS (the old one stops working). The key is in this answer only:
     * invsync keeps its SHA-256.
     */
    @PostMapping("/push-key")
    Map<String, String> newPushKey(@PathVariable String merchantId) {
        MerchantSettingsChanged held = directory.find(merchantId)
                .orElseThrow(() -> new NotFoundException("merchantId", "merchant '" + merchantId + "' is not known"));
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String key = "psk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        save(new MerchantSettingsChanged(merchantId, held.name(), held.inventorySync(), held.pollInterval(), held.wms(),
                PushAuthorizer.sha256(key), Instant.now(clock)));
        return Map.of("merchantId", merchantId, "pushKey", key,
                "note", "shown once: invsync keeps only its SHA-256; send it as X-Api-Key on inventory and order pushes");
    }

    private void save(MerchantSettingsChanged settings) {
        var sends = publisher.sends();
        sends.publish(Topics.MERCHANTS, Keys.merchant(settings.merchantId()), settings);
        sends.awaitAcknowledged();
        directory.remember(settings);
    }

    @GetMapping
    MerchantView get(@PathVariable String merchantId) {
        return directory.find(merchantId).map(this::view)
                .orElseThrow(() -> new NotFoundException("merchantId", "merchant '" + merchantId + "' is not known"));
    }

    private MerchantView view(MerchantSettingsChanged settings) {
        return new MerchantView(settings, runs.last(settings.merchantId()).orElse(null));
    }

    /** Settings plus the last inventory run; {@code lastInventoryRun} is "never" when no run happened. */
    record MerchantView(String merchantId, String name, String inventorySync, String pollInterval,
            MerchantSettingsChanged.Wms wms, boolean pushKeyIssued, Object lastInventoryRun, String lastRunStatus) {

        MerchantView(MerchantSettingsChanged s, InventoryRunRecorded last) {
            this(s.merchantId(), s.name(), s.inventorySync().name(), s.pollInterval().toString(), s.wms(),
                    s.pushKeySha256() != null, last == null ? "never" : last, last == null ? null : last.status().name());
        }
    }
}
