package io.invsync.support;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings every service shares ({@code invsync.*}).
 *
 * @param adminKey key for every request (INVSYNC_ADMIN_KEY)
 * @param readKey the operators' key for every read of every merchant (INVSYNC_READ_KEY; none when empty)
 * @param kafka the broker
 * @param topics the topics this service uses, created at start
 */
@ConfigurationProperties("invsync")
public record InvsyncProperties(String adminKey, String readKey, Kafka kafka,
        Topics topics) {

    public InvsyncProperties {
        if (adminKey == null || adminKey.isBlank()) {
            throw new IllegalArgumentException("invsync.admin-key (INVSYNC_ADMIN_KEY) is required");
        }
    }

    public record Kafka(String bootstrapServers) {
    }

    public record Topics(List<String> used, Integer partitions, Short replicationFactor) {

        public Topics {
            used = used == null ? List.of() : used;
            partitions = partitions == null ? 3 : partitions;
            replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        }
    }
}
