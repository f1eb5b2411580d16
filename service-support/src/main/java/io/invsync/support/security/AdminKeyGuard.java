package io.invsync.support.security;

import java.util.Set;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import io.invsync.support.InvsyncProperties;

/**
 * Refuses to start with a missing or built-in admin key (or a built-in read key) unless the {@code local}
 * or {@code test} profile is active: the development defaults are public, so a service exposed with them would
 * be open to anyone.
 */
class AdminKeyGuard implements InitializingBean {

    static final Set<String> BUILT_IN = Set.of("dev-admin-key", "dev-read-key", "change-me-admin-key",
            "change-me-read-key", "changeme", "admin");
    private final InvsyncProperties properties;
    private final Environment environment;

    AdminKeyGuard(InvsyncProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        if (environment.acceptsProfiles(Profiles.of("local | test"))) {
            return;
        }
        String admin = properties.adminKey();
        if (BUILT_IN.contains(admin.strip())) {
            throw new IllegalStateException("INVSYNC_ADMIN_KEY is a built-in default: set a key of your own (the "
                    + "built-in keys are for the local stack, whose profile 'local' allows them)");
        }
        String read = properties.readKey();
        if (read != null && BUILT_IN.contains(read.strip())) {
            throw new IllegalStateException("INVSYNC_READ_KEY is a built-in default: set a key of your own, or "
                    + "leave it empty");
        }
    }
}
