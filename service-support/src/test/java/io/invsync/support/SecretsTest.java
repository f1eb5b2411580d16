package io.invsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import io.invsync.events.InvalidFieldException;

class SecretsTest {

    @TempDir
    Path dir;

    private Secrets secrets(MockEnvironment environment) {
        return new Secrets(environment.withProperty(Secrets.GRANTS_PROPERTY, "SHOP1=acme;WMS2=acme, globex"),
                dir.toString());
    }

    @Test
    void aSecretResolvesOnlyForTheMerchantsItIsGrantedTo() {
        var secrets = secrets(new MockEnvironment().withProperty("INVSYNC_SECRET_SHOP1", "shpat_1")
                .withProperty("INVSYNC_SECRET_WMS2", "wms-2"));

        assertThat(secrets.resolve("acme", "SHOP1")).contains("shpat_1");
        assertThat(secrets.resolve("globex", "SHOP1")).isEmpty();
        assertThat(secrets.resolve("globex", "WMS2")).contains("wms-2");
        assertThat(secrets.resolve("initech", "WMS2")).isEmpty();
        assertThat(secrets.resolve(null, "SHOP1")).isEmpty();
    }

    @Test
    void savingSettingsWithAnUngrantedCredentialsRefIsRefusedNamingTheField() {
        var secrets = secrets(new MockEnvironment());

        assertThatThrownBy(() -> secrets.requireGranted("wms.credentialsRef", "globex", "SHOP1"))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("wms.credentialsRef"))
                .hasMessageContaining("not granted to merchant 'globex'");
        assertThatNoException().isThrownBy(() -> secrets.requireGranted("credentialsRef", "acme", "SHOP1"));
        assertThatNoException().isThrownBy(() -> secrets.requireGranted("credentialsRef", "acme", null));
    }

    @Test
    void aTrailingNewlineIsTrimmedFromEnvironmentAndFileSecrets() throws Exception {
        Files.writeString(dir.resolve("WMS2"), "wms-from-file\n");
        var secrets = secrets(new MockEnvironment().withProperty("INVSYNC_SECRET_SHOP1", "shpat_1\n"));

        assertThat(secrets.resolve("acme", "SHOP1")).contains("shpat_1");
        assertThat(secrets.resolve("acme", "WMS2")).contains("wms-from-file");
    }

    @Test
    void aMalformedGrantStopsTheServiceAtStart() {
        assertThatThrownBy(() -> new Secrets(new MockEnvironment().withProperty(Secrets.GRANTS_PROPERTY, "acme"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Secrets.GRANTS_PROPERTY);
    }
}
