package io.invsync.support.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.invsync.events.DeadLetterHeaders;
import io.invsync.events.EventFormatException;
import io.invsync.events.EventJson;
import io.invsync.events.InvalidFieldException;
import io.invsync.events.Topics;

/**
 * Input topics as streams of events. Values are read as bytes and parsed inside the topology, so that a record
 * that is not a valid event (or whose key does not match its value) goes, byte for byte, to
 * {@code <topic>.dlq} with headers naming the error, and the stream goes on. Doing this in the topology rather
 * than in a {@code DeserializationExceptionHandler} keeps the dead letter in the same producer and commit as
 * the rest of the task's output, and makes it testable with {@code TopologyTestDriver}.
 */
public final class EventSources {

    private EventSources() {
    }

    /**
     * @param expectedKey the key the record must carry, computed from its value (it may throw
     *                    {@link InvalidFieldException} for a value whose ids cannot form a key)
     * @return valid events; a null value (a tombstone) is passed on as null
     */
    public static <T> KStream<String, T> stream(StreamsBuilder builder, String topic, Class<T> type,
            Function<T, String> expectedKey) {
        String name = "read-" + simpleName(topic);
        return builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name))
                // a fixed-key processor: the stream keeps its partitioning (no repartition before a table of it)
                .processValues(() -> new Parse<>(topic, type, expectedKey), Named.as(name + "-parse"))
                .split(Named.as(name + "-"))
                .branch((key, parsed) -> parsed.failed(), Branched.withConsumer(failed -> failed
                        .mapValues(Parsed::raw, Named.as(name + "-dead-letter"))
                        .to(Topics.dlq(topic), Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName(name + "-dlq")), "invalid"))
                .defaultBranch(Branched.withFunction(valid -> valid, "valid"))
                .get(name + "-valid")
                .mapValues(Parsed::event, Named.as(name + "-events"));
    }

    private static String simpleName(String topic) {
        return topic.replace("invsync.", "").replace('.', '-');
    }

    /** A parsed record: the event, or the raw bytes of a record that could not be read. */
    record Parsed<T>(T event, byte[] raw, boolean failed) {
    }

    static final class Parse<T> implements FixedKeyProcessor<String, byte[], Parsed<T>> {

        private final String topic;
        private final Class<T> type;
        private final Function<T, String> expectedKey;
        private FixedKeyProcessorContext<String, Parsed<T>> context;

        Parse(String topic, Class<T> type, Function<T, String> expectedKey) {
            this.topic = topic;
            this.type = type;
            this.expectedKey = expectedKey;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Parsed<T>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            if (record.value() == null) {
                if (record.key() != null) {
                    // a tombstone: the keyed thing was deleted (a null key names nothing, so it is dropped)
                    context.forward(record.withValue(new Parsed<>(null, null, false)));
                }
                return;
            }
            try {
                T event = EventJson.read(topic, record.value(), type);
                checkKey(record.key(), event);
                context.forward(record.withValue(new Parsed<>(event, record.value(), false)));
            } catch (IllegalArgumentException e) {
                // EventFormatException and InvalidFieldException: the record is bad, not the service
                context.forward(record.withValue(new Parsed<T>(null, record.value(), true))
                        .withHeaders(deadLetterHeaders(topic, context.recordMetadata().orElse(null),
                                record.headers(), e)));
            }
        }

        private void checkKey(String key, T event) {
            String expected;
            try {
                expected = expectedKey.apply(event);
            } catch (InvalidFieldException e) {
                throw new EventFormatException(topic, e.field(), e.getMessage(), e);
            }
            if (!Objects.equals(key, expected)) {
                throw new EventFormatException(topic, "key",
                        "the record key '" + key + "' does not match its value ('" + expected + "')");
            }
        }
    }

    /**
     * The headers of a dead letter: the record's own, and the source and the reason under the names and encodings
     * Spring's DeadLetterPublishingRecoverer writes (partition and offset binary), so that every reader finds them.
     *
     * @param source where the record was read, when known
     */
    public static Headers deadLetterHeaders(String topic, RecordMetadata source, Headers original, Exception e) {
        Headers headers = new RecordHeaders(original.toArray());
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(source == null ? topic : source.topic()));
        if (source != null) {
            headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(source.partition()).array());
            headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(source.offset()).array());
        }
        headers.add(DeadLetterHeaders.EXCEPTION_CLASS, utf8(e.getClass().getName()));
        headers.add(DeadLetterHeaders.EXCEPTION_MESSAGE, utf8(String.valueOf(e.getMessage())));
        // and the binder's names, so that a reader of either convention finds the reason
        headers.add(DeadLetterHeaders.BINDER_ORIGINAL_TOPIC, utf8(topic));
        headers.add(DeadLetterHeaders.BINDER_EXCEPTION_MESSAGE, utf8(String.valueOf(e.getMessage())));
        return headers;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
