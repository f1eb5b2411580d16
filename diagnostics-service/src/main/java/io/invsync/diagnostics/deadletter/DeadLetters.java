package io.invsync.diagnostics.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.stereotype.Component;

import io.invsync.events.DeadLetterHeaders;
import io.invsync.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What has landed in the {@code <topic>.dlq} topics: {@code invsync.dlq.records} counts them per source topic, and
 * the last few per topic are kept for {@code GET /api/diagnostics/dead-letters}. Values are cut to 1 KB: enough to
 * see what was wrong, not a way to read topics through this API.
 */
@Component
public class DeadLetters {

    static final String COUNTER = "invsync.dlq.records";
    static final int MAX_VALUE_BYTES = 1024;
    static final int MAX_TEXT_CHARS = 1024;
    private static final int MAX_KEY_CHARS = 256;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Deque<RecentDeadLetter>> recent = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final int kept;
    private final Instant startedAt;

    DeadLetters(MeterRegistry registry, Clock clock, @Value("${invsync.diagnostics.dead-letters-kept:20}") int kept) {
        this.registry = registry;
        this.kept = kept;
        this.startedAt = Instant.now(clock);
        // every series exists from the start, so that an alert on increase() sees the first one
        Topics.ALL.forEach(this::counter);
    }

    private Counter counter(String topic) {
        return counters.computeIfAbsent(topic, t -> Counter.builder(COUNTER)
                .description("Records written to <topic>.dlq since this instance started, by source topic")
                .tag("topic", t).register(registry));
    }

    /** Takes in one record read from a dead-letter topic. Never throws: a dead-letter topic has no dead letters. */
    void received(Message<byte[]> message) {
        MessageHeaders headers = message.getHeaders();
        String dlqTopic = headers.get(KafkaHeaders.RECEIVED_TOPIC, String.class);
        if (dlqTopic == null) {
            return;
        }
        String topic = dlqTopic.endsWith(Topics.DLQ_SUFFIX)
                ? dlqTopic.substring(0, dlqTopic.length() - Topics.DLQ_SUFFIX.length()) : dlqTopic;
        Long timestamp = headers.get(KafkaHeaders.RECEIVED_TIMESTAMP, Long.class);
        Instant failedAt = timestamp == null ? null : Instant.ofEpochMilli(timestamp);
        // The topics are read from the beginning on every start to refill the recent list; counting those old
        // records again would look like a burst of failures after each restart.
        if (failedAt == null || !failedAt.isBefore(startedAt)) {
            counter(topic).increment();
        }
        byte[] value = message.getPayload();
        String errorMessage = text(headers.get(DeadLetterHeaders.BINDER_EXCEPTION_MESSAGE));
        if (errorMessage == null) {
            errorMessage = text(headers.get(DeadLetterHeaders.EXCEPTION_MESSAGE));
        }
        String errorClass = text(headers.get("x-exception-fqcn"));
        if (errorClass == null) {
            errorClass = text(headers.get(DeadLetterHeaders.EXCEPTION_CLASS));
        }
        var letter = new RecentDeadLetter(topic, dlqTopic,
                number(headers.get("x-original-partition"), headers.get(DeadLetterHeaders.ORIGINAL_PARTITION)),
                number(headers.get("x-original-offset"), headers.get(DeadLetterHeaders.ORIGINAL_OFFSET)),
                cut(key(headers.get(KafkaHeaders.RECEIVED_KEY)), MAX_KEY_CHARS), cut(errorClass, MAX_TEXT_CHARS),
                cut(errorMessage, MAX_TEXT_CHARS), failedAt, valuePrefix(value), value == null ? 0 : value.length);
        Deque<RecentDeadLetter> letters = recent.computeIfAbsent(topic, t -> new ArrayDeque<>());
        synchronized (letters) {
            letters.addLast(letter);
            while (letters.size() > kept) {
                letters.removeFirst();
            }
        }
    }

    /** The kept dead letters, newest first; of one source topic, or of all when {@code topic} is null. */
    public List<RecentDeadLetter> recent(String topic) {
        List<RecentDeadLetter> all = new ArrayList<>();
        recent.forEach((t, letters) -> {
            if (topic == null || topic.equals(t)) {
                synchronized (letters) {
                    all.addAll(letters);
                }
            }
        });
        all.sort(Comparator.comparing(RecentDeadLetter::failedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed());
        return all;
    }

    /** Records counted per source topic since this instance started. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        counters.forEach((topic, counter) -> counts.put(topic, (long) counter.count()));
        return counts;
    }

    private static String valuePrefix(byte[] value) {
        if (value == null) {
            return null;
        }
        int length = Math.min(value.length, MAX_VALUE_BYTES);
        // a cut through a multi-byte character decodes to U+FFFD, which is fine for a preview
        return new String(value, 0, length, StandardCharsets.UTF_8);
    }

    private static String key(Object key) {
        if (key instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return key == null ? null : key.toString();
    }

    private static String text(Object header) {
        if (header instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return header == null ? null : header.toString();
    }

    /** Spring writes the original partition and offset as 4- and 8-byte big-endian numbers. */
    private static Long number(Object... candidates) {
        for (Object header : candidates) {
            if (header instanceof Number n) {
                return n.longValue();
            }
            if (header instanceof byte[] bytes) {
                if (bytes.length == Integer.BYTES) {
                    return (long) ByteBuffer.wrap(bytes).getInt();
                }
                if (bytes.length == Long.BYTES) {
                    return ByteBuffer.wrap(bytes).getLong();
                }
                header = new String(bytes, StandardCharsets.UTF_8);
            }
            if (header instanceof String s) {
                try {
                    return Long.parseLong(s.strip());
                } catch (NumberFormatException e) {
                    // not a number: try the next header
                }
            }
        }
        return null;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "…";
    }

    /**
     * One dead letter as the API shows it. {@code value} is at most the first 1 KB of the record's value;
     * {@code valueBytes} is its full size.
     */
    public record RecentDeadLetter(String topic, String dlqTopic, Long sourcePartition, Long sourceOffset, String key,
            String errorClass, String errorMessage, Instant failedAt, String value, int valueBytes) {
    }
}
