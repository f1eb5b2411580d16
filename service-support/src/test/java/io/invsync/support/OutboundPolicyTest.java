package io.invsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.invsync.events.InvalidFieldException;

class OutboundPolicyTest {

    private final OutboundPolicy strict = new OutboundPolicy("");
    private final OutboundPolicy loopbackAllowed = OutboundPolicy.allowing("localhost, 127.0.0.1");

    @ParameterizedTest
    @ValueSource(strings = {
            "https://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "https://10.0.0.1/", "https://localhost/",
            "https://LOCALHOST./", "https://shop.localhost/", "https://127.0.0.1:8443/", "https://127.1/",
            "https://2130706433/", "https://0x7f.0.0.1/", "https://0177.0.0.1/", "https://[::1]/",
            "https://[::ffff:127.0.0.1]/", "https://[::ffff:a9fe:a9fe]/", "https://[fd00:ec2::254]/",
            "https://[fe80::1]/", "https://[64:ff9b::a00:1]/", "https://0.0.0.0/", "https://[::]/",
            "https://172.16.5.4/", "https://172.31.255.255/", "https://192.168.1.1/", "https://100.64.0.1/",
            "https://224.0.0.1/", "https://255.255.255.255/", "https://metadata.google.internal/",
            "https://metadata/", "https://printer.local/", "https://intranet/", "https://user:pw@shop.example.com/",
            "https://shop.example.com@169.254.169.254/", "ftp://shop.example.com/", "file:///etc/passwd",
            "http://shop.example.com/", "shop.example.com", "https://bad host/"})
    void refusesUrlsThatLeadInsideOrAreNotHttps(String url) {
        assertThatThrownBy(() -> strict.checkSetting("baseUrl", url))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("baseUrl"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://acme.myshopify.com", "https://8.8.8.8/", "https://[2606:4700::1111]/",
            "https://172.32.0.1/", "https://shop.example.com:8443/api?x=1", "https://1password.com/"})
    void acceptsPublicHttpsHosts(String url) {
        assertThatNoException().isThrownBy(() -> strict.checkSetting("baseUrl", url));
    }

    @Test
    void namesTheFaultInTheMessage() {
        assertThatThrownBy(() -> strict.checkSetting("wms.url", "https://169.254.169.254/"))
                .hasMessageContaining("wms.url").hasMessageContaining("link-local");
        assertThatThrownBy(() -> strict.checkSetting("baseUrl", "http://10.0.0.1/"))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> strict.checkSetting("baseUrl", "https://user:secret@shop.example.com/"))
                .hasMessageContaining("user info").hasMessageNotContaining("secret");
    }

    @Test
    void anAllowedHostMayBeCalledOverHttpAndOthersStayRefused() {
        assertThatNoException().isThrownBy(() -> loopbackAllowed.checkSetting("baseUrl", "http://localhost:8090/"));
        assertThatNoException().isThrownBy(() -> loopbackAllowed.checkSetting("baseUrl", "http://127.0.0.1:1234/x"));
        assertThatThrownBy(() -> loopbackAllowed.checkSetting("baseUrl", "https://169.254.169.254/"))
                .isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> loopbackAllowed.checkSetting("baseUrl", "https://[::1]/"))
                .isInstanceOf(InvalidFieldException.class);
        var wildcard = OutboundPolicy.allowing("*.staging.example.com");
        assertThatNoException().isThrownBy(() -> wildcard.checkSetting("baseUrl", "http://shop.staging.example.com/"));
        assertThatThrownBy(() -> wildcard.checkSetting("baseUrl", "http://staging.example.com.evil.net/"))
                .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void atCallTimeTheSettingRulesApplyAgainAndAnUnknownNameIsRefused() {
        assertThatThrownBy(() -> strict.checkCall(URI.create("https://localhost/")))
                .isInstanceOf(OutboundPolicy.RefusedException.class).hasMessageContaining("localhost");
        assertThatThrownBy(() -> strict.checkCall(URI.create("https://127.0.0.1/")))
                .isInstanceOf(OutboundPolicy.RefusedException.class);
        var nothingResolves = new OutboundPolicy("", host -> {
            throw new java.net.UnknownHostException(host);
        });
        assertThatThrownBy(() -> nothingResolves.checkCall(URI.create("https://does-not-exist.example.com/")))
                .isInstanceOf(OutboundPolicy.RefusedException.class);
        assertThatNoException().isThrownBy(() -> loopbackAllowed.checkCall(URI.create("http://127.0.0.1:9/")));
    }

    @Test
    void atCallTimeAPublicNameThatResolvesInsideIsRefused() throws Exception {
        var inside = new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.1.2.3")};
        var rebinding = new OutboundPolicy("", host -> inside);
        assertThatNoException().isThrownBy(() -> rebinding.checkSetting("baseUrl", "https://shop.example.com/"));
        assertThatThrownBy(() -> rebinding.checkCall(URI.create("https://shop.example.com/admin")))
                .isInstanceOf(OutboundPolicy.RefusedException.class)
                .hasMessageContaining("shop.example.com").hasMessageContaining("10.1.2.3");

        var outside = new OutboundPolicy("", host -> new InetAddress[] {InetAddress.getByName("93.184.215.14")});
        assertThatNoException().isThrownBy(() -> outside.checkCall(URI.create("https://shop.example.com/admin")));
    }
}
