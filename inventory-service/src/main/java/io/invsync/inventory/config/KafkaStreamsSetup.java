package io.invsync.inventory.config;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.KStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

import io.invsync.inventory.InventoryTopology;
import io.invsync.inventory.level.LevelChange;
import io.invsync.support.TopicsInitializer;

/**
 * Kafka Streams through spring-kafka: Boot builds the Streams configuration from {@code spring.kafka.streams.*}
 * and Micrometer binds the Streams metrics. The topics (invsync.topics.used) are created before the topology is
 * built, because Streams refuses to start on input topics that do not exist.
 */
@Configuration
@EnableKafkaStreams
class KafkaStreamsSetup {

    private static final Logger log = LoggerFactory.getLogger(KafkaStreamsSetup.class);

    @Bean
    KStream<String, LevelChange> inventoryTopology(StreamsBuilder builder, TopicsInitializer topicsCreatedFirst) {
        return InventoryTopology.build(builder);
    }

    /** {@code kafkaStreams} health, in the liveness group: see {@link KafkaStreamsHealth}. */
    @Bean
    KafkaStreamsHealth kafkaStreamsHealthIndicator(StreamsBuilderFactoryBean factory) {
        return new KafkaStreamsHealth(factory);
    }

    /**
     * {@code kafkaStreamsRunning}, in the readiness group: OUT_OF_SERVICE until Kafka Streams is RUNNING, that is
     * until its stores are restored from their changelogs and it processes (queries answer 503 before).
     */
    @Bean
    org.springframework.boot.health.contributor.HealthIndicator kafkaStreamsRunningHealthIndicator(
            StreamsBuilderFactoryBean factory) {
        return () -> {
            var streams = factory.getKafkaStreams();
            var state = streams == null ? null : streams.state();
            return (state == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                    ? org.springframework.boot.health.contributor.Health.up()
                    : org.springframework.boot.health.contributor.Health.outOfService())
                    .withDetail("state", state == null ? "not started" : state.name()).build();
        };
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer replaceFailedStreamThreads(ObjectProvider<KafkaStreamsHealth> health) {
        // A processing failure (a broker timeout, say) must not leave the service up but processing nothing:
        // the thread is replaced and resumes from the last commit. Records that are merely bad never get
        // here: they go to their .dlq topic.
        return factory -> factory.setStreamsUncaughtExceptionHandler(exception -> {
            log.error("a Kafka Streams thread failed; replacing it", exception);
            health.ifAvailable(h -> h.threadFailed(exception));
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }
}
