package io.invsync.ingest.merchant;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.stereotype.Component;

import io.invsync.events.MerchantSettingsChanged;

/**
 * The merchants this service knows, rebuilt on every start by reading the compacted merchants topic from the
 * beginning, every partition on every instance ({@link io.invsync.ingest.IngestTables}); a PUT also writes through
 * so that an inventory push right after it finds the merchant.
 */
@Component
public class MerchantDirectory {

    private final ConcurrentMap<String, MerchantSettingsChanged> merchants = new ConcurrentHashMap<>();

    public Optional<MerchantSettingsChanged> find(String merchantId) {
        return Optional.ofNullable(merchants.get(merchantId));
    }

    public java.util.Collection<MerchantSettingsChanged> all() {
        return java.util.List.copyOf(merchants.values());
    }

    public void remember(MerchantSettingsChanged settings) {
        // the newest observation wins, whichever of the write-through and the topic arrives last
        merchants.merge(settings.merchantId(), settings,
                (held, arriving) -> arriving.observedAt().isBefore(held.observedAt()) ? held : arriving);
    }
}
