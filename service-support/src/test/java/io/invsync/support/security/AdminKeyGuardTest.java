package io.invsync.support.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import io.invsync.support.InvsyncProperties;

class AdminKeyGuardTest {

    @Test
    void refusesToStartWithTheBuiltInAdminKeyOutsideTheLocalStack() {
        assertThatThrownBy(() -> guard("dev-admin-key", null).afterPropertiesSet())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("INVSYNC_ADMIN_KEY");
        assertThatThrownBy(() -> guard("change-me-admin-key", null).afterPropertiesSet())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToStartWithTheBuiltInReadKeyOutsideTheLocalStack() {
        assertThatThrownBy(() -> guard("a-key-of-our-own-1", "dev-read-key").afterPropertiesSet())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("INVSYNC_READ_KEY");
    }

    @Test
    void refusesAMissingAdminKey() {
        assertThatThrownBy(() -> new InvsyncProperties(" ", null, null, null))
                .hasMessageContaining("INVSYNC_ADMIN_KEY");
    }

    @Test
    void startsWithAKeyOfItsOwnOrWithTheBuiltInKeysInTheLocalStack() {
        assertThatCode(() -> guard("a-key-of-our-own-1", "", "prod").afterPropertiesSet()).doesNotThrowAnyException();
        assertThatCode(() -> guard("dev-admin-key", "dev-read-key", "local").afterPropertiesSet())
                .doesNotThrowAnyException();
        assertThatCode(() -> guard("dev-admin-key", "dev-read-key", "test").afterPropertiesSet())
                .doesNotThrowAnyException();
    }

    private static AdminKeyGuard guard(String admin, String read, String... profiles) {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(profiles);
        return new AdminKeyGuard(new InvsyncProperties(admin, read, null, null), environment);
    }
}
