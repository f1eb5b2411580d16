package io.invsync.inventory.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.EventJson;
import io.invsync.events.EventSerde;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Keys;
import io.invsync.events.Topics;
import io.invsync.inventory.InventoryTopology;
import io.invsync.support.OwnerPartitioner;

/**
 * The due marks are state: a level whose input was committed before its punctuation came is still published, by the
 * next instance that runs the task. On the in-JVM broker, under exactly-once, as the service runs.
 */
@EmbeddedKafka(partitions = 1, brokerProperties = { "group.initial.rebalance.delay.ms=0",
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1" },
        topics = { Topics.AVAILABLE_QUANTITIES, Topics.PRODUCTS, Topics.WAREHOUSES, Topics.INVENTORY_RUNS,
                Topics.INVENTORY_LEVELS, Topics.ALIAS_INDEX, Topics.RUNS_INDEXED })
class LevelPublishingBrokerTest {

    private static final String APPLICATION = "level-publishing-test";

    @TempDir
    Path stateDir;

    @Test
    void aLevelCommittedAsDueButNotYetPublishedIsPublishedAfterTheTaskMoves() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
        String key = Keys.product("acme", "P1");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                broker.getBrokersAsString(), "partitioner.class", OwnerPartitioner.class), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.AVAILABLE_QUANTITIES, key, EventJson.write(
                    new AvailableQuantityObserved("acme", "EAST", "P1", "A-1", 10, 2, 8, Instant.now(), "run-1"))))
                    .get();
        }

        // an interval no punctuation reaches: the input is applied and committed, its level only marked due
        try (KafkaStreams first = streams(broker, Duration.ofHours(1), stateDir.resolve("first"))) {
            first.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(broker) == 1);
            assertThat(levels(broker, Duration.ofSeconds(1))).isEmpty();
        }

        try (KafkaStreams second = streams(broker, Duration.ofMillis(20), stateDir.resolve("second"))) {
            second.start();
            List<InventoryLevelChanged> published = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                published.addAll(levels(broker, Duration.ofMillis(500)));
                return !published.isEmpty();
            });
            assertThat(published).singleElement().satisfies(level -> {
                assertThat(level.total().available()).isEqualTo(8);
                assertThat(level.runId()).isEqualTo("run-1");
            });
        }
    }

    private static KafkaStreams streams(EmbeddedKafkaBroker broker, Duration interval, Path dir) throws Exception {
        Files.createDirectories(dir);
        StreamsBuilder builder = new StreamsBuilder();
        InventoryTopology.build(builder, interval);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        config.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // as the service: the next instance takes the task over at once instead of after a session timeout
        config.put("internal.leave.group.on.close", true);
        return new KafkaStreams(builder.build(), config);
    }

    /** The offset the application committed on the quantities topic. */
    private static long committed(EmbeddedKafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(APPLICATION).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(Topics.AVAILABLE_QUANTITIES, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    /** The committed level events on the topic, read from the start. */
    private static List<InventoryLevelChanged> levels(EmbeddedKafkaBroker broker, Duration wait) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers",
                broker.getBrokersAsString(), "isolation.level", "read_committed"), new StringDeserializer(),
                EventSerde.of(InventoryLevelChanged.class).deserializer())) {
            TopicPartition partition = new TopicPartition(Topics.INVENTORY_LEVELS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<InventoryLevelChanged> levels = new ArrayList<>();
            consumer.poll(wait).forEach(record -> levels.add(record.value()));
            return levels;
        }
    }
}
