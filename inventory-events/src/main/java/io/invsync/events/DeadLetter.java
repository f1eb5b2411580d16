package io.invsync.events;

import java.time.Instant;

/**
 * A record that could not be processed, as it sits in {@code <topic>.dlq}: the original key and value are kept
 * byte for byte and the reason travels in headers (names in {@link DeadLetterHeaders}). This record is the
 * readable view of one such record.
 */
public record DeadLetter(
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String key,
        String value,
        String errorClass,
        String errorMessage,
        Instant failedAt) {
}
