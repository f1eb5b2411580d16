package io.invsync.events;

/** Headers on a dead-letter record. The names are those Spring's dead-letter publishers write. */
public final class DeadLetterHeaders {

    public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    public static final String EXCEPTION_CLASS = "kafka_dlt-exception-fqcn";
    public static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    /** Written by the Spring Cloud Stream binder's DLQ. */
    public static final String BINDER_EXCEPTION_MESSAGE = "x-exception-message";
    public static final String BINDER_ORIGINAL_TOPIC = "x-original-topic";

    private DeadLetterHeaders() {
    }
}
