package io.invsync.diagnostics.model;

import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;

import io.invsync.support.InvsyncProperties;
import io.invsync.support.TopicsInitializer;

/**
 * The read model's Kafka Streams application (spring-kafka; Boot builds the configuration from
 * {@code spring.kafka.streams.*}). Instances share the merchants' partitions in the consumer group
 * {@code diagnostics-service}; health, queries and thread replacement come from service-support. The topics are
 * created first: Streams refuses to start on input topics that do not exist.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class ReadModelStreams {

    /** Marks the topology as added to the service's StreamsBuilder. */
    record ReadModelTopologyAdded() {
    }

    @Bean
    ReadModelTopologyAdded readModelTopology(StreamsBuilder builder, TopicsInitializer topicsCreatedFirst, InvsyncProperties properties,
            ObjectProvider<PushResultObserver> observers) {
        ReadModelTopology.addTo(builder, properties.topics().partitions(),
                (previous, result, model) -> observers.orderedStream()
                        .forEach(observer -> observer.recorded(previous, result, model)));
        return new ReadModelTopologyAdded();
    }
}
