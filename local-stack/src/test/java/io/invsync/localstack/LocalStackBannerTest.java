package io.invsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LocalStackBannerTest {

    @Test
    void showsTheBuiltInDevelopmentKeysAsTheyAre() {
        String banner = LocalStack.banner(LocalStack.DEV_ADMIN_KEY, LocalStack.DEV_READ_KEY, "http://localhost:8090",
                true, Duration.ofSeconds(3));

        assertThat(banner).contains("admin key (writes)   dev-admin-key").contains("read key             dev-read-key")
                .contains("X-Api-Key: dev-read-key");
    }

    @Test
    void neverShowsAKeyTheUserSetButNamesItsVariable() {
        String banner = LocalStack.banner("my-own-admin-key-1234", "my-own-read-key-5678", "http://localhost:8090",
                true, Duration.ofSeconds(3));

        assertThat(banner).doesNotContain("my-own-admin-key-1234").doesNotContain("my-own-read-key-5678")
                .contains("the key you set in INVSYNC_ADMIN_KEY").contains("the key you set in INVSYNC_READ_KEY")
                .contains("X-Api-Key: $INVSYNC_READ_KEY");
    }

    @Test
    void grantsTheDemoSecretToTheDemoMerchantAndAllowsLoopbackBesideTheUsersOwn() {
        assertThat(LocalStack.grants(Map.of())).isEqualTo("DEMO_CART=demo");
        assertThat(LocalStack.grants(Map.of("INVSYNC_SECRET_GRANTS", "SHOP1=acme"))).isEqualTo("DEMO_CART=demo;SHOP1=acme");
        assertThat(LocalStack.outboundAllow(Map.of())).isEqualTo("localhost,127.0.0.1");
        assertThat(LocalStack.outboundAllow(Map.of("INVSYNC_OUTBOUND_ALLOW", "*.example.com")))
                .isEqualTo("localhost,127.0.0.1,*.example.com");
    }
}
