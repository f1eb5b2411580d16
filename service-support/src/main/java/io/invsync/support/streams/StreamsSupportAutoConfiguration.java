package io.invsync.support.streams;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What every service that runs Kafka Streams (through spring-kafka's {@code @EnableKafkaStreams}) shares: the
 * interactive queries ({@link StateStores}, 503 while the stores cannot be queried), {@code kafkaStreams}
 * health for liveness, {@code kafkaStreamsRunning} for readiness, failed stream threads replaced, and the
 * metrics of an instance's share ({@link AssignmentMetrics}) and of its restores ({@link RestoredRecords}).
 */
@AutoConfiguration
@ConditionalOnClass({ KafkaStreams.class, StreamsBuilderFactoryBean.class, HealthIndicator.class })
@ConditionalOnBean(StreamsBuilderFactoryBean.class)
public class StreamsSupportAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StreamsSupportAutoConfiguration.class);

    @Bean
    StateStores stateStores(StreamsBuilderFactoryBean factory, io.invsync.support.InvsyncProperties properties) {
        return new StateStores(factory, properties.adminKey());
    }

    @Bean
    StoreUnavailableAdvice storeUnavailableAdvice() {
        return new StoreUnavailableAdvice();
    }

    /** {@code kafkaStreams} health, in the liveness group: see {@link KafkaStreamsHealth}. */
    @Bean
    KafkaStreamsHealth kafkaStreamsHealthIndicator(StreamsBuilderFactoryBean factory) {
        return new KafkaStreamsHealth(factory);
    }

    /**
     * {@code kafkaStreamsRunning}, in the readiness group: OUT_OF_SERVICE until Kafka Streams is RUNNING, that is
     * until its stores are restored from their changelogs (local state first) and it processes; queries answer 503
     * before. A rebalance takes it back to REBALANCING, and so out of readiness, until the moved tasks are restored.
     */
    @Bean
    HealthIndicator kafkaStreamsRunningHealthIndicator(StreamsBuilderFactoryBean factory) {
        return () -> {
            KafkaStreams streams = factory.getKafkaStreams();
            KafkaStreams.State state = streams == null ? null : streams.state();
            return (state == KafkaStreams.State.RUNNING ? Health.up() : Health.outOfService())
                    .withDetail("state", state == null ? "not started" : state.name()).build();
        };
    }

    /**
     * {@code invsync.streams.restored.records{store, kind}}: see {@link RestoredRecords}. (The standby listener is
     * set through the Streams customizer, which spring-kafka has one of: a service needing its own composes it.)
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer countRestoredRecords(ObjectProvider<MeterRegistry> registry) {
        return factory -> registry.ifAvailable(meters -> {
            RestoredRecords restored = new RestoredRecords(meters);
            factory.setStateRestoreListener(restored);
            factory.setKafkaStreamsCustomizer(streams -> streams.setStandbyUpdateListener(restored));
        });
    }

    /** {@code invsync.streams.tasks{kind}} and {@code invsync.streams.store.records{store}}. */
    @Bean
    AssignmentMetrics streamsAssignmentMetrics(StreamsBuilderFactoryBean factory) {
        AssignmentMetrics metrics = new AssignmentMetrics(factory);
        factory.addListener(metrics);
        return metrics;
    }

    /**
     * Static membership when {@code INVSYNC_INSTANCE_ID} names the instance (unique per instance, the same across
     * its restarts, e.g. the pod name of a StatefulSet): a restarted instance takes its partitions back at once,
     * without a rebalance and without waiting for its old session to time out. Unset, members are dynamic.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer staticMembership(
            @Value("${INVSYNC_INSTANCE_ID:}") String instanceId) {
        return factory -> {
            if (!instanceId.isBlank()) {
                Properties config = factory.getStreamsConfiguration();
                String application = config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
                // Streams appends the thread's index to it for each consumer
                config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                        application + "-" + instanceId.strip());
                factory.setStreamsConfiguration(config);
            }
        };
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer replaceFailedStreamThreads(ObjectProvider<KafkaStreamsHealth> health) {
        // A processing failure (a broker timeout, say) must not leave the service up but processing nothing:
        // the thread is replaced and resumes from the last commit. Records that are merely bad never get
        // here: they go to their .dlq topic.
        // The global thread (the small tables) cannot be replaced: its failure shuts the client down, and liveness
        // goes DOWN so that the instance is restarted.
        return factory -> factory.setStreamsUncaughtExceptionHandler(exception -> {
            health.ifAvailable(h -> h.threadFailed(exception));
            if (Thread.currentThread().getName().endsWith("GlobalStreamThread")) {
                log.error("the Kafka Streams global thread failed; stopping Kafka Streams (liveness DOWN)", exception);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            log.error("a Kafka Streams thread failed; replacing it", exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }
}
