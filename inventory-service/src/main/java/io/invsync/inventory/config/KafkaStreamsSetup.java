package io.invsync.inventory.config;

import java.time.Duration;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;

import io.invsync.inventory.InventoryTopology;
import io.invsync.inventory.level.LevelChange;
import io.invsync.support.TopicsInitializer;

/**
 * Kafka Streams through spring-kafka: Boot builds the Streams configuration from {@code spring.kafka.streams.*}
 * and Micrometer binds the Streams metrics; health, queries and thread replacement come from service-support's
 * {@code io.invsync.support.streams}. The topics (invsync.topics.used) are created before the topology is built,
 * because Streams refuses to start on input topics that do not exist.
 */
@Configuration
@EnableKafkaStreams
class KafkaStreamsSetup {

    @Bean
    KStream<String, LevelChange> inventoryTopology(StreamsBuilder builder, TopicsInitializer topicsCreatedFirst,
            @Value("${invsync.levels.publish-interval}") Duration publishInterval) {
        return InventoryTopology.build(builder, publishInterval);
    }
}
