package io.invsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import io.invsync.events.Topics;

@EmbeddedKafka(partitions = 1)
class TableReaderHealthTest {

    private static final String TABLE = "test.table.v1";

    private static EmbeddedKafkaBroker broker;
    private static EventPublisher publisher;

    /** A row the handler cannot survive: an Error, not a bad record (those go to the .dlq and reading goes on). */
    record Row(String name) {
    }

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaCondition.getBroker();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(TABLE, 1, (short) 1), new NewTopic(Topics.dlq(TABLE), 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        publisher = new EventPublisher(broker.getBrokersAsString());
    }

    @AfterAll
    static void close() {
        publisher.close();
    }

    private static TableReader reader(String name) {
        var tables = new TableReader.Tables().add(TABLE, Row.class, row -> {
            if (row.name().equals("fatal-" + name)) {
                throw new OutOfMemoryError("simulated: the handler ran out of memory");
            }
            if (row.name().equals("bad-" + name)) {
                throw new IllegalArgumentException("a bad row");
            }
        });
        return new TableReader(name, broker.getBrokersAsString(), "test-" + name, tables, caughtUp -> {
        }, publisher);
    }

    private static void publish(String name) {
        var sends = publisher.sends();
        sends.publish(TABLE, name, new Row(name));
        sends.awaitAcknowledged();
    }

    @Test
    void healthIsUpWhileReadingAndDownWithTheReasonOnceTheReaderThreadDies() {
        TableReader reader = reader("dies");
        var health = new TableReaderHealth(List.of(reader));
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(reader::caughtUp);
            publish("bad-dies"); // a bad row goes to the .dlq: the reader goes on, health stays UP
            publish("ok");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> health.health().getStatus().equals(Status.UP));

            publish("fatal-dies");

            await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.DOWN));
            assertThat(health.health().getDetails().get("dies").toString()).contains("out of memory");
            await().atMost(Duration.ofSeconds(10)).until(() -> !reader.isRunning());
        } finally {
            reader.stop();
        }
    }

    @Test
    void aReaderThatWasStoppedOnPurposeIsNotReportedAsFailed() {
        TableReader reader = reader("stopped");
        var health = new TableReaderHealth(List.of(reader));
        reader.start();
        await().atMost(Duration.ofSeconds(30)).until(reader::caughtUp);
        reader.stop();

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(reader.health().failure()).isNull();
    }

    @Test
    void readinessIsOutOfServiceUntilTheTablesAreLoaded() {
        publish("loaded-before-start");
        TableReader reader = reader("loading");
        var readiness = new TableReadersLoaded(List.of(reader));
        assertThat(readiness.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> readiness.health().getStatus().equals(Status.UP));
            assertThat(reader.caughtUp()).isTrue();
        } finally {
            reader.stop();
        }
    }

    @Test
    void aTombstoneDeletesTheKeyInATableThatTakesDeletes() {
        var rows = new java.util.concurrent.ConcurrentHashMap<String, Row>();
        var tables = new TableReader.Tables().add(TABLE, Row.class, row -> rows.put(row.name(), row), rows::remove);
        TableReader reader = new TableReader("deletes", broker.getBrokersAsString(), "test-deletes", tables,
                caughtUp -> { }, publisher);
        reader.start();
        try {
            publish("deleted-later");
            await().atMost(Duration.ofSeconds(30)).until(() -> rows.containsKey("deleted-later"));
            var sends = publisher.sends();
            sends.send(new org.apache.kafka.clients.producer.ProducerRecord<>(TABLE, "deleted-later", null));
            sends.awaitAcknowledged();
            await().atMost(Duration.ofSeconds(30)).until(() -> !rows.containsKey("deleted-later"));
            assertThat(reader.health().failure()).isNull();
        } finally {
            reader.stop();
        }
    }
}
