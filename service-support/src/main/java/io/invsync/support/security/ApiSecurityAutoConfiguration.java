package io.invsync.support.security;

import java.util.List;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import io.invsync.events.MerchantKeyIssued;
import io.invsync.events.Topics;
import io.invsync.support.EventPublisher;
import io.invsync.support.InvsyncProperties;
import io.invsync.support.TableReader;
import io.invsync.support.TopicsInitializer;

/**
 * One authentication mechanism for every service, deny by default, on Spring Security: {@code X-Api-Key}
 * ({@link ApiKeyAuthenticationFilter}) and what a service adds ({@link ApiSecurityCustomizer}); every
 * {@code /api/**} request then needs a caller that {@link ApiAccess} admits on the routed path; only health,
 * Prometheus, the API documents and a service's {@link PublicPaths} are open; everything else is refused. Spring
 * Security's {@code StrictHttpFirewall} stays on: encoded slashes and dots, {@code ;}, {@code //} and dot segments
 * are refused before any of this (400).
 */
@AutoConfiguration(before = UserDetailsServiceAutoConfiguration.class)
@EnableWebSecurity
public class ApiSecurityAutoConfiguration {

    static final List<String> OPEN = List.of("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**");

    @Bean
    MerchantKeys merchantKeys() {
        return new MerchantKeys();
    }

    @Bean
    AdminKeyGuard adminKeyGuard(InvsyncProperties properties, Environment environment) {
        return new AdminKeyGuard(properties, environment);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, InvsyncProperties properties, MerchantKeys merchantKeys,
            ObjectProvider<MerchantScopes> merchantScopes, ObjectProvider<PublicPaths> publicPaths,
            ObjectProvider<ApiSecurityCustomizer> customizers) throws Exception {
        ApiProblems problems = new ApiProblems();
        ApiAccess access = new ApiAccess(merchantScopes.orderedStream().flatMap(s -> s.routes().stream()).toList());
        String[] open = publicPaths.orderedStream().flatMap(p -> p.patterns().stream()).toArray(String[]::new);
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(properties.adminKey(), properties.readKey(),
                        merchantKeys), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            .requestMatchers(HttpMethod.GET, OPEN.toArray(String[]::new)).permitAll();
                    if (open.length > 0) {
                        requests.requestMatchers(HttpMethod.GET, open).permitAll();
                    }
                    requests.requestMatchers("/api/**").access(access)
                            .anyRequest().denyAll();
                });
        for (ApiSecurityCustomizer customizer : customizers.orderedStream().toList()) {
            customizer.customize(http);
        }
        return http.build();
    }

    /** The firewall's refusals as problem+json (Spring Security picks this bean up). */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new ApiProblems();
    }

    /** Keys are checked by the filter alone: no user store, no generated password. */
    @Bean
    AuthenticationManager noPasswordLogins() {
        return authentication -> {
            throw new ProviderNotFoundException("invsync authenticates API keys only");
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(org.apache.kafka.clients.consumer.KafkaConsumer.class)
    @ConditionalOnProperty("invsync.kafka.bootstrap-servers")
    static class MerchantKeyTable {

        /** Every instance reads every merchant key (a small table), so any instance checks any key. */
        @Bean
        TableReader merchantKeysReader(InvsyncProperties properties, MerchantKeys keys, EventPublisher deadLetters,
                TopicsInitializer topicsCreatedFirst, Environment environment) {
            var tables = new TableReader.Tables()
                    .add(Topics.MERCHANT_KEYS, MerchantKeyIssued.class, keys::remember, keys::forget);
            return new TableReader("merchant-keys", properties.kafka().bootstrapServers(),
                    environment.getProperty("spring.application.name", "invsync") + "-merchant-keys", tables,
                    caughtUp -> { }, deadLetters);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class ApiDocuments {

        /** The Swagger UI can send the key: every operation declares the X-Api-Key scheme. */
        @Bean
        org.springdoc.core.customizers.OpenApiCustomizer apiKeyScheme() {
            return openApi -> {
                var components = openApi.getComponents() == null
                        ? new io.swagger.v3.oas.models.Components() : openApi.getComponents();
                components.addSecuritySchemes("apiKey", new io.swagger.v3.oas.models.security.SecurityScheme()
                        .type(io.swagger.v3.oas.models.security.SecurityScheme.Type.APIKEY)
                        .in(io.swagger.v3.oas.models.security.SecurityScheme.In.HEADER)
                        .name(ApiKeyAuthenticationFilter.HEADER)
                        .description("the admin key, the operators' read key, or a merchant key"));
                openApi.components(components);
                openApi.addSecurityItem(new io.swagger.v3.oas.models.security.SecurityRequirement().addList("apiKey"));
            };
        }
    }
}
