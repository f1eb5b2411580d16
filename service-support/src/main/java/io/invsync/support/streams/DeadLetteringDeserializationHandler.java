package io.invsync.support.streams;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.invsync.events.Topics;

/**
 * A record that cannot be deserialized where Streams itself reads it (a global table's source: the topology's
 * streams read bytes and parse them in {@link EventSources}) goes, byte for byte, to {@code <topic>.dlq} with the
 * headers naming the reason, and the table goes on. Set as {@code deserialization.exception.handler}.
 */
public class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetteringDeserializationHandler.class);

    private KafkaProducer<byte[], byte[]> producer;

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dead-letters");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        log.warn("a record of {} (partition {}, offset {}) cannot be read and goes to {}: {}", record.topic(),
                record.partition(), record.offset(), Topics.dlq(record.topic()), exception.getMessage());
        try {
            producer.send(new ProducerRecord<>(Topics.dlq(record.topic()), null, record.timestamp(), record.key(),
                    record.value(), EventSources.deadLetterHeaders(record.topic(), null, record.headers(), exception)));
        } catch (RuntimeException e) {
            log.error("the dead letter of {} offset {} could not be sent: {}", record.topic(), record.offset(), e.toString());
        }
        return DeserializationHandlerResponse.CONTINUE;
    }
}
