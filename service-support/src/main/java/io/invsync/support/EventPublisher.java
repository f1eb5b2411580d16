package io.invsync.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.invsync.events.EventJson;

/**
 * Sends events that REST calls and schedules start, written with the event JSON settings and keyed, through one
 * idempotent producer (acks=all) shared by every thread. A request gathers its own sends in {@link Sends} and
 * waits for those only: {@code var sends = publisher.sends(); sends.publish(…); sends.awaitAcknowledged();}, so
 * an API answers "accepted" only for what is durable, and one request's failure is never reported to another.
 */
public class EventPublisher implements AutoCloseable {

    /** No event exceeds 256 KiB (DESIGN §3), serialized, key included. */
    public static final int MAX_EVENT_BYTES = 256 * 1024;

    /** How long {@link Sends#awaitAcknowledged()} waits: the producer's delivery timeout, plus a margin. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration AWAIT_LIMIT = DELIVERY_TIMEOUT.plusSeconds(5);

    private final KafkaProducer<String, byte[]> producer;

    public EventPublisher(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // by the key's owner (merchant or cart), as the Streams sinks partition (DESIGN §3)
                ProducerConfig.PARTITIONER_CLASS_CONFIG, OwnerPartitioner.class,
                // a caller waits for an answer: with the broker gone, say so within seconds rather than minutes
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** A batch of one request's sends: see {@link Sends#awaitAcknowledged()}. */
    public Sends sends() {
        return new Sends();
    }

    /**
     * Sends one event on its own; the future completes when the broker acknowledged it (or failed). For sends a
     * caller does not wait for (progress records); a request that answers "accepted" uses {@link #sends()}.
     *
     * @throws EventTooLargeException when the event is over {@link #MAX_EVENT_BYTES}: it is not sent
     */
    public CompletableFuture<RecordMetadata> publish(String topic, String key, Object event) {
        byte[] value = EventJson.write(event);
        int size = value.length + (key == null ? 0 : key.length());
        if (size > MAX_EVENT_BYTES) {
            throw new EventTooLargeException(topic, size);
        }
        return send(new ProducerRecord<>(topic, key, value));
    }

    /**
     * Sends a record as it is (a dead letter: the original bytes with headers naming the fault), with the trace of
     * the request or schedule that sends it ({@link TraceHeaders}).
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        TraceHeaders.inject(record.headers());
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, e) -> {
                if (e != null) {
                    acknowledged.completeExceptionally(e);
                } else {
                    acknowledged.complete(metadata);
                }
            });
        } catch (KafkaException e) {
            throw new KafkaUnavailableException("Kafka did not take an event for " + record.topic() + ": "
                    + e.getMessage(), e);
        }
        return acknowledged;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /**
     * The sends of one request (not shared between threads). It counts them rather than keeping each future, so
     * that an inventory run of a million rows costs no memory per row.
     */
    public final class Sends {

        private int pending;
        private int sent;
        private Throwable firstFailure;
        private String failedTopic;

        private Sends() {
        }

        /** As {@link EventPublisher#publish}, counted in this batch. */
        public CompletableFuture<RecordMetadata> publish(String topic, String key, Object event) {
            return track(topic, EventPublisher.this.publish(topic, key, event));
        }

        /** As {@link EventPublisher#send}, counted in this batch. */
        public CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
            return track(record.topic(), EventPublisher.this.send(record));
        }

        private CompletableFuture<RecordMetadata> track(String topic, CompletableFuture<RecordMetadata> acknowledged) {
            synchronized (this) {
                pending++;
                sent++;
            }
            acknowledged.whenComplete((metadata, e) -> {
                synchronized (this) {
                    pending--;
                    if (e != null && firstFailure == null) {
                        firstFailure = e;
                        failedTopic = topic;
                    }
                    notifyAll();
                }
            });
            return acknowledged;
        }

        /** How many events this batch sent. */
        public synchronized int size() {
            return sent;
        }

        /**
         * Waits until the broker acknowledged every event of this batch; throws {@link KafkaUnavailableException}
         * when one of them could not be written, or no answer came within about 25 s. Other requests' sends are
         * neither waited for nor reported.
         */
        public synchronized void awaitAcknowledged() {
            long deadline = System.nanoTime() + AWAIT_LIMIT.toNanos();
            try {
                while (pending > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new KafkaUnavailableException("Kafka did not acknowledge " + pending + " of " + sent
                                + " events within " + AWAIT_LIMIT.toSeconds() + " s", null);
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailableException("interrupted while waiting for Kafka's acknowledgement", e);
            }
            if (firstFailure != null) {
                throw new KafkaUnavailableException("an event for " + failedTopic + " could not be written to Kafka: "
                        + firstFailure.getMessage(), firstFailure);
            }
        }
    }
}
