package io.invsync.diagnostics.model;

import java.time.Clock;

import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;

import io.invsync.support.InvsyncProperties;
import io.invsync.support.TopicsInitializer;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The read model's Kafka Streams application (spring-kafka; Boot builds the configuration from
 * {@code spring.kafka.streams.*}). Instances share the merchants' partitions in the consumer group
 * {@code diagnostics-service}; health, queries and thread replacement come from service-support. The topics are
 * created first: Streams refuses to start on input topics that do not exist.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
@EnableConfigurationProperties(SweepSettings.class)
class ReadModelStreams {

    /** Marks the topology as added to the service's StreamsBuilder. */
    record ReadModelTopologyAdded() {
    }

    @Bean
    ReadModelTopologyAdded readModelTopology(StreamsBuilder builder, TopicsInitializer topicsCreatedFirst, InvsyncProperties properties,
            ObjectProvider<PushResultObserver> observers, ObjectProvider<Verdicts> verdicts, SweepSettings sweep,
            Clock clock, MeterRegistry meters) {
        ReadModelTopology.addTo(builder, properties.topics().partitions(),
                (previous, result, model) -> observers.orderedStream()
                        .forEach(observer -> observer.recorded(previous, result, model)),
                // the explanation's own function, looked up as each task starts (it reads the stores built here)
                new DiscrepancyCounts.Settings(verdicts::getObject, sweep, clock, meters));
        return new ReadModelTopologyAdded();
    }
}
