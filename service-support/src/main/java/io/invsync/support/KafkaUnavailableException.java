package io.invsync.support;

/**
 * Kafka did not take or acknowledge events in time (the broker is down or unreachable): what the request asked
 * for is not known to be accepted, and sending it again is safe. The API answers 503 with Retry-After.
 */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
