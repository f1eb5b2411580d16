package io.invsync.ingest.merchant;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import io.invsync.events.EventJson;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.Topics;

/**
 * The merchants this service knows, rebuilt on every start by reading the compacted merchants topic from the
 * beginning; a PUT also writes through so that an inventory push right after it finds the merchant.
 */
@Configuration
public class MerchantDirectory {

    private final ConcurrentMap<String, MerchantSettingsChanged> merchants = new ConcurrentHashMap<>();

    public Optional<MerchantSettingsChanged> find(String merchantId) {
        return Optional.ofNullable(merchants.get(merchantId));
    }

    public java.util.Collection<MerchantSettingsChanged> all() {
        return java.util.List.copyOf(merchants.values());
    }

    void remember(MerchantSettingsChanged settings) {
        // the newest observation wins, whichever of the write-through and the topic arrives last
        merchants.merge(settings.merchantId(), settings,
                (held, arriving) -> arriving.observedAt().isBefore(held.observedAt()) ? held : arriving);
    }

    @Bean
    Consumer<Message<byte[]>> loadMerchantSettings() {
        return message -> remember(EventJson.read(Topics.MERCHANTS, message.getPayload(), MerchantSettingsChanged.class));
    }
}
