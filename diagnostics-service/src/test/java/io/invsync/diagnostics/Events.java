package io.invsync.diagnostics;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import io.invsync.events.EventJson;

/** Publishes events to the topics as the other services do: JSON values, string keys, no type headers. */
public final class Events {

    private final Producer<String, byte[]> producer;

    Events(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    public void send(String topic, String key, Object event) {
        sendRaw(new ProducerRecord<>(topic, key, EventJson.write(event)));
    }

    public void sendRaw(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + record.topic(), e.getCause());
        }
    }

    public static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
