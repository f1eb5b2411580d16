package io.invsync.support;

import io.invsync.events.InvalidFieldException;

/**
 * An event would be over {@link EventPublisher#MAX_EVENT_BYTES} serialized: it is refused before it is sent (the
 * API answers 413 naming the fault; nothing of it reaches Kafka). The limit keeps every record within what every
 * broker, consumer and dead-letter topic takes.
 */
public class EventTooLargeException extends InvalidFieldException {

    private final int bytes;

    public EventTooLargeException(String topic, int bytes) {
        super("body", "would make an event for " + topic + " of " + bytes + " bytes, more than the limit of "
                + EventPublisher.MAX_EVENT_BYTES + " bytes (256 KiB); send less in one request");
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
