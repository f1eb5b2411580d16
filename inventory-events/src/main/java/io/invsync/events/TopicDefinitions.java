package io.invsync.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How each topic is created: compacted topics keep the latest value per key (they are state), the others are
 * logs. Each service creates the topics it reads and writes, so any one of them can start first.
 */
public final class TopicDefinitions {

    private TopicDefinitions() {
    }

    public static NewTopic newTopic(String name, int partitions, short replicationFactor) {
        String policy = Topics.isCompacted(name) ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
        return new NewTopic(name, partitions, replicationFactor).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, policy));
    }

    /** Creates whichever of {@code names} (and their dead-letter topics) do not exist yet. */
    public static void ensure(Admin admin, Collection<String> names, int partitions, short replicationFactor) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                for (String topic : List.of(name, Topics.dlq(name))) {
                    if (!existing.contains(topic) && missing.stream().noneMatch(t -> t.name().equals(topic))) {
                        missing.add(newTopic(topic, partitions, replicationFactor));
                    }
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).values().forEach((topic, future) -> {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        // another service created it meanwhile: that is the outcome we want
                        if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                            throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while creating " + topic, e);
                    }
                });
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }
}
