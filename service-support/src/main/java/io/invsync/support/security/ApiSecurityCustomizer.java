package io.invsync.support.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * A service's addition to the one security filter chain, such as wms-ingest's signed-push filter (placed after
 * {@link ApiKeyAuthenticationFilter}). It adds authentication only; what a caller may reach stays {@link ApiAccess}'s.
 */
@FunctionalInterface
public interface ApiSecurityCustomizer {

    void customize(HttpSecurity http) throws Exception;
}
