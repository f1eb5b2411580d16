package io.invsync.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.invsync.events.MerchantKeyIssued;

/**
 * The merchant keys every service knows, from the compacted {@code invsync.merchant-keys.v1} topic (a small table:
 * a few keys per merchant, so every instance holds it whole). Only SHA-256 digests are held; a presented key is
 * found by its digest, so no key is ever compared character by character.
 */
public class MerchantKeys {

    private final ConcurrentMap<String, MerchantKeyIssued> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, MerchantKeyIssued> byDigest = new ConcurrentHashMap<>();

    public Optional<MerchantKeyIssued> findByKey(String presentedKey) {
        return Optional.ofNullable(byDigest.get(sha256(presentedKey)));
    }

    public Optional<MerchantKeyIssued> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /** The merchant's keys, oldest first. */
    public List<MerchantKeyIssued> of(String merchantId) {
        return byId.values().stream().filter(k -> k.merchantId().equals(merchantId))
                .sorted(Comparator.comparing(MerchantKeyIssued::observedAt).thenComparing(MerchantKeyIssued::keyId))
                .toList();
    }

    public void remember(MerchantKeyIssued key) {
        MerchantKeyIssued previous = byId.put(key.keyId(), key);
        if (previous != null) {
            byDigest.remove(previous.sha256());
        }
        byDigest.put(key.sha256(), key);
    }

    public void forget(String keyId) {
        MerchantKeyIssued previous = byId.remove(keyId);
        if (previous != null) {
            byDigest.remove(previous.sha256());
        }
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
