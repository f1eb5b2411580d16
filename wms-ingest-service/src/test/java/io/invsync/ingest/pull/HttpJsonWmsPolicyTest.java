package io.invsync.ingest.pull;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.invsync.ingest.inventory.PayloadException;
import io.invsync.support.OutboundPolicy;

class HttpJsonWmsPolicyTest {

    /** A url saved before the policy (or under a looser one) is refused when the pull calls it: nothing is sent. */
    @Test
    void aPullToAnAddressThePolicyRefusesBreaksTheRunOffWithoutConnecting() throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            listener.setSoTimeout(1);
            var wms = new HttpJsonWms(HttpClient.newHttpClient(), new OutboundPolicy(""),
                    "https://127.0.0.1:" + listener.getLocalPort() + "/inventory", "wms-token", 10, Duration.ofSeconds(1),
                    io.invsync.events.EventJson.boundedMapper(65_536), 1_000_000);

            assertThatThrownBy(wms::hasNext).isInstanceOf(PayloadException.class)
                    .hasMessageContaining("wms.url").hasMessageContaining("loopback").hasMessageNotContaining("wms-token");
            assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }
}
