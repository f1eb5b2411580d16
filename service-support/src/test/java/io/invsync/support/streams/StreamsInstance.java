package io.invsync.support.streams;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * One instance of a Kafka Streams service started in a test's JVM (several may share the JVM): whether its Streams
 * client runs, and which partitions of a part of its topology it holds. For the services' two-instance tests.
 */
public final class StreamsInstance implements AutoCloseable {

    private final Function<String[], ConfigurableApplicationContext> starter;
    private final String[] args;
    private final int port;
    private ConfigurableApplicationContext context;

    /** @param args the service's arguments but its port, which this instance keeps across restarts */
    public StreamsInstance(Function<String[], ConfigurableApplicationContext> starter, String... args)
            throws IOException {
        this.starter = starter;
        this.port = freePort();
        this.args = args;
    }

    /** Starts (or starts again) the service on this instance's port. */
    public StreamsInstance start() {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=" + port;
        System.arraycopy(args, 0, all, 1, args.length);
        context = starter.apply(all);
        return this;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public boolean running() {
        KafkaStreams streams = streams();
        return streams != null && streams.state() == KafkaStreams.State.RUNNING;
    }

    /** The partitions of the active tasks that read a topic whose name ends with {@code topicSuffix}. */
    public Set<Integer> activePartitions(String topicSuffix) {
        Set<Integer> partitions = new TreeSet<>();
        KafkaStreams streams = streams();
        if (streams == null) {
            return partitions;
        }
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task -> {
            if (task.topicPartitions().stream().anyMatch(p -> p.topic().endsWith(topicSuffix))) {
                partitions.add(task.taskId().partition());
            }
        }));
        return partitions;
    }

    private KafkaStreams streams() {
        return context == null || !context.isActive() ? null
                : context.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
    }

    /** Stops the service cleanly (it leaves the group at once). */
    @Override
    public void close() {
        if (context != null && context.isActive()) {
            context.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
