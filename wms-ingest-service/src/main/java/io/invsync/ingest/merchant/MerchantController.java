package io.invsync.ingest.merchant;

import java.time.Clock;
import java.time.Instant;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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

@RestController
@RequestMapping("/api/merchants/{merchantId}")
class MerchantController {

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
        var settings = new MerchantSettingsChanged(merchantId, request.name(), request.inventorySync(),
                request.pollInterval() == null ? MerchantSettingsRequest.DEFAULT_POLL_INTERVAL : request.pollInterval(),
                wms, Instant.now(clock));
        save(settings);
        return view(settings);
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
            MerchantSettingsChanged.Wms wms, Object lastInventoryRun, String lastRunStatus) {

        MerchantView(MerchantSettingsChanged s, InventoryRunRecorded last) {
            this(s.merchantId(), s.name(), s.inventorySync().name(), s.pollInterval().toString(), s.wms(),
                    last == null ? "never" : last, last == null ? null : last.status().name());
        }
    }
}
