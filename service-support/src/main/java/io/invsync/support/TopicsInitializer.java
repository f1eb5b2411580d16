package io.invsync.support;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.invsync.events.TopicDefinitions;

/**
 * Creates the topics a service reads and writes (with their dead-letter topics) while the context starts, before
 * any binding or Streams app does: a topic created by a consumer's auto-creation would miss its cleanup policy.
 */
public class TopicsInitializer {

    public TopicsInitializer(String bootstrapServers, List<String> topics, int partitions, short replicationFactor) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            TopicDefinitions.ensure(admin, topics, partitions, replicationFactor);
        }
    }
}
