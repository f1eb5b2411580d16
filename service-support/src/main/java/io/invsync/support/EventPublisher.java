package io.invsync.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.invsync.events.EventJson;

/**
 * Sends events that REST calls and schedules start, written with the event JSON settings and keyed, through one
 * idempotent producer (acks=all). {@link #flush()} waits until the broker has every event sent so far, so an API
 * can answer "accepted" only for what is durable.
 */
public class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public EventPublisher(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // a caller waits for an answer: with the broker gone, say so within seconds rather than minutes
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    public void publish(String topic, String key, Object event) {
        send(new ProducerRecord<>(topic, key, EventJson.write(event)));
    }

    /** Sends a record as it is (a dead letter: the original bytes with headers naming the fault). */
    public void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record, (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        } catch (KafkaException e) {
            throw new KafkaUnavailableException("Kafka did not take an event for " + record.topic() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Waits until every event published so far is acknowledged; throws {@link KafkaUnavailableException} when one of
     * them could not be written (within 20 s).
     */
    public void flush() {
        producer.flush();
        Exception failed = failure.getAndSet(null);
        if (failed != null) {
            throw new KafkaUnavailableException("an event could not be written to Kafka: " + failed.getMessage(), failed);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
