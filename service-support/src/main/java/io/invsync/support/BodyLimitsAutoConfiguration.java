package io.invsync.support;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounded input for every service's API (DESIGN §7): the body size limit, and the longest JSON string a request
 * body may hold. Runs before the API-key check, so that an oversized body is refused before anything reads it.
 */
@AutoConfiguration(before = JacksonAutoConfiguration.class)
@EnableConfigurationProperties(BodyLimits.class)
public class BodyLimitsAutoConfiguration {

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(BodyLimits limits) {
        var registration = new FilterRegistrationBean<>(new BodyLimitFilter(limits));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * The builder of the API's JSON mapper, as Boot's own ({@code JacksonAutoConfiguration} steps back when this one
     * exists) with every customizer applied, over a factory that refuses over-long strings: a Jackson 3 factory is
     * immutable, so the constraint cannot be added by a customizer.
     */
    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers, BodyLimits limits) {
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(constraints(limits.maxJsonStringChars()))
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory);
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    /** Strings and names at most {@code maxChars} long; Jackson's defaults otherwise. */
    public static StreamReadConstraints constraints(int maxChars) {
        return StreamReadConstraints.builder().maxStringLength(maxChars).maxNameLength(maxChars).build();
    }
}
