package io.invsync.cartpush.ownership;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.invsync.events.Topics;
import io.invsync.support.InvsyncProperties;
import io.invsync.support.TopicsInitializer;

@Configuration(proxyBeanMethods = false)
class OwnershipConfig {

    private static final Logger log = LoggerFactory.getLogger(OwnershipConfig.class);
    private static final Duration LEADERS_PATIENCE = Duration.ofSeconds(30);

    /** Checks instance-count and instance-index before any bean (and so any consumer or broker call) exists. */
    @Bean
    static BeanFactoryPostProcessor instanceSettingsCheck() {
        return new InstanceSettingsCheck();
    }

    @Bean
    CartOwnership cartOwnership(InvsyncProperties properties, ObjectProvider<TopicsInitializer> topicsCreatedFirst,
            @Value("${invsync.push.instance-count:1}") int instanceCount,
            @Value("${invsync.push.instance-index:0}") int instanceIndex) {
        CartOwnership.validate(instanceCount, instanceIndex);
        topicsCreatedFirst.getIfAvailable();
        int partitions = partitionCount(properties.kafka().bootstrapServers(), Topics.CARTS);
        CartOwnership ownership = new CartOwnership(instanceCount, instanceIndex, partitions);
        log.info("cart ownership: {} ({}); a cart is owned by instance partition % {}", ownership, Topics.CARTS,
                instanceCount);
        if (ownership.ownedPartitions().isEmpty()) {
            log.warn("this instance owns no carts: {} has {} partitions, fewer than the {} instances", Topics.CARTS,
                    partitions, instanceCount);
        }
        return ownership;
    }

    private static int partitionCount(String bootstrapServers, String topic) {
        Instant deadline = Instant.now().plus(LEADERS_PATIENCE);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (true) {
                try {
                    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException) || Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("cannot read the partition count of " + topic + ": "
                                + e.getCause().getMessage(), e);
                    }
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the partition count of " + topic, e);
        }
    }

    static final class InstanceSettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            CartOwnership.validate(setting("invsync.push.instance-count", "INVSYNC_PUSH_INSTANCE_COUNT", 1),
                    setting("invsync.push.instance-index", "INVSYNC_PUSH_INSTANCE_INDEX", 0));
        }

        private int setting(String name, String variable, int otherwise) {
            String value = environment.getProperty(name);
            if (value == null || value.isBlank()) {
                return otherwise;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException(name + " (" + variable + ") must be a whole number, is '" + value + "'");
            }
        }
    }
}
