package io.invsync.events;

/** A record's value is not a valid event of its topic. The message names the topic and the field. */
public class EventFormatException extends IllegalArgumentException {

    private final String topic;
    private final String field;

    public EventFormatException(String topic, String field, String reason) {
        this(topic, field, reason, null);
    }

    public EventFormatException(String topic, String field, String reason, Throwable cause) {
        super("invalid record on " + topic + (field.isEmpty() ? "" : ", field '" + field + "'") + ": " + reason,
                cause);
        this.topic = topic;
        this.field = field;
    }

    public String topic() {
        return topic;
    }

    public String field() {
        return field;
    }
}
