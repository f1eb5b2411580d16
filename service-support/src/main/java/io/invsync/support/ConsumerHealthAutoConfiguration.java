package io.invsync.support;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Health for the plain consumers of service-support: {@code tableReaders} for liveness (see
 * {@link TableReaderHealth}) and {@code tableReadersLoaded} for readiness (see {@link TableReadersLoaded}).
 */
// after the security configuration, whose merchant-keys reader is a TableReader of every service
@AutoConfiguration(after = io.invsync.support.security.ApiSecurityAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class ConsumerHealthAutoConfiguration {

    @Bean
    @ConditionalOnBean(TableReader.class)
    TableReaderHealth tableReadersHealthIndicator(ObjectProvider<TableReader> readers) {
        return new TableReaderHealth(readers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnBean(TableReader.class)
    TableReadersLoaded tableReadersLoadedHealthIndicator(ObjectProvider<TableReader> readers) {
        return new TableReadersLoaded(readers.orderedStream().toList());
    }
}
