package io.invsync.support;

import java.time.Clock;
import java.util.List;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.invsync.events.EventJson;

/** The shared plumbing, configured from {@link InvsyncProperties}. */
@AutoConfiguration
@EnableConfigurationProperties(InvsyncProperties.class)
@Import(ProblemDetailsAdvice.class)
public class ServiceSupportAutoConfiguration {

    /** The API reads and writes JSON with the same settings as the events (no silent coercion of wrong types). */
    @Bean
    JsonMapperBuilderCustomizer eventJsonSettings() {
        return EventJson::configure;
    }

    @Bean
    Secrets secrets(org.springframework.core.env.Environment environment,
            @org.springframework.beans.factory.annotation.Value("${invsync.secrets-dir:}") String secretsDir) {
        return new Secrets(environment, secretsDir);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnProperty("invsync.kafka.bootstrap-servers")
    TopicsInitializer topicsInitializer(InvsyncProperties properties) {
        var topics = properties.topics();
        return new TopicsInitializer(properties.kafka().bootstrapServers(), topics == null ? List.of() : topics.used(),
                topics == null ? 3 : topics.partitions(), topics == null ? 1 : topics.replicationFactor());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaProducer.class)
    static class Publishing {

        @Bean
        EventPublisher eventPublisher(InvsyncProperties properties, TopicsInitializer topicsCreatedFirst) {
            return new EventPublisher(properties.kafka().bootstrapServers());
        }
    }
}
