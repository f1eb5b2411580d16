package io.invsync.ingest.key;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.invsync.events.InvalidFieldException;
import io.invsync.events.KeyScope;
import io.invsync.events.MerchantKeyIssued;
import io.invsync.events.Topics;
import io.invsync.ingest.merchant.MerchantDirectory;
import io.invsync.support.EventPublisher;
import io.invsync.support.NotFoundException;
import io.invsync.support.security.MerchantKeys;

/**
 * Merchant keys (admin only to issue and revoke): a {@code READ} key reads the merchant's data in every service, a
 * {@code PUSH} key pushes its inventory and orders. The key is in the answer that issues it and nowhere else:
 * invsync keeps its SHA-256, on the merchant-keys topic that every service reads.
 */
@RestController
@RequestMapping("/api/merchants/{merchantId}/keys")
class KeyController {

    /** Keys a merchant may hold at once: enough to rotate each scope, few enough to stay a small table. */
    static final int MAX_KEYS_PER_MERCHANT = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MerchantDirectory merchants;
    private final MerchantKeys keys;
    private final EventPublisher publisher;
    private final Clock clock;

    KeyController(MerchantDirectory merchants, MerchantKeys keys, EventPublisher publisher, Clock clock) {
        this.merchants = merchants;
        this.keys = keys;
        this.publisher = publisher;
        this.clock = clock;
    }

    record KeyRequest(@NotNull KeyScope scope) {
    }

    /** A key as listed: never the key itself. */
    record KeyView(String keyId, String merchantId, KeyScope scope, Instant createdAt) {

        KeyView(MerchantKeyIssued key) {
            this(key.keyId(), key.merchantId(), key.scope(), key.observedAt());
        }
    }

    record IssuedKey(String keyId, String merchantId, KeyScope scope, Instant createdAt, String key, String note) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IssuedKey issue(@PathVariable String merchantId, @Valid @RequestBody KeyRequest request) {
        requireMerchant(merchantId);
        if (keys.of(merchantId).size() >= MAX_KEYS_PER_MERCHANT) {
            throw new InvalidFieldException("merchantId", "merchant '" + merchantId + "' holds "
                    + MAX_KEYS_PER_MERCHANT + " keys already, the most it may; revoke one first");
        }
        String key = "mk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        var issued = new MerchantKeyIssued("key_" + HexFormat.of().formatHex(random(8)), merchantId, request.scope(),
                MerchantKeys.sha256(key), Instant.now(clock));
        var sends = publisher.sends();
        sends.publish(Topics.MERCHANT_KEYS, issued.keyId(), issued);
        sends.awaitAcknowledged();
        keys.remember(issued);
        return new IssuedKey(issued.keyId(), merchantId, issued.scope(), issued.observedAt(), key,
                "shown once: invsync keeps only its SHA-256; send it as X-Api-Key");
    }

    @GetMapping
    List<KeyView> list(@PathVariable String merchantId) {
        requireMerchant(merchantId);
        return keys.of(merchantId).stream().map(KeyView::new).toList();
    }

    /** Revokes the key everywhere: a tombstone on the merchant-keys topic, which every service reads. */
    @DeleteMapping("/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable String merchantId, @PathVariable String keyId) {
        keys.find(keyId).filter(k -> k.merchantId().equals(merchantId)).orElseThrow(() -> new NotFoundException(
                "keyId", "merchant '" + merchantId + "' has no key '" + keyId + "'"));
        var sends = publisher.sends();
        sends.send(new ProducerRecord<>(Topics.MERCHANT_KEYS, keyId, null));
        sends.awaitAcknowledged();
        keys.forget(keyId);
    }

    private void requireMerchant(String merchantId) {
        if (merchants.find(merchantId).isEmpty()) {
            throw new NotFoundException("merchantId", "merchant '" + merchantId + "' is not known");
        }
    }

    private static byte[] random(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return random;
    }
}
