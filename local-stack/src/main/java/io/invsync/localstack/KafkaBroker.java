package io.invsync.localstack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real Kafka broker (KRaft, one node as broker and controller) run from Kafka's own classes, on a data directory
 * that survives restarts: the storage is formatted once (formatting again is skipped), so topics and their records
 * are there when the stack starts again with the same directory.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Fixed so that a kept data directory always belongs to the same cluster. */
    private static final String CLUSTER_ID = "aW52c3luYy1sb2NhbC0x";

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    public static KafkaBroker start(Path dataDir, int port, int controllerPort) throws Exception {
        String logDir = dataDir.resolve("kafka").toAbsolutePath().toString();
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("offsets.topic.replication.factor", "1");
        // one node: a handful of offsets partitions is plenty and makes the first group join fast
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "false");
        // compacted topics are the state: compact small segments promptly so a restart reads little
        props.put("log.cleaner.min.cleanable.ratio", "0.1");

        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setNodeId(1)
                .setClusterId(CLUSTER_ID)
                .setControllerListenerName("CONTROLLER")
                .addDirectory(logDir)
                .setMetadataLogDirectory(logDir)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setIgnoreFormatted(true)
                .run();

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        server.startup();
        return new KafkaBroker(server, "localhost:" + port);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
