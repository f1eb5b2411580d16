package io.invsync.cartpush.push;

import org.springframework.web.client.RestClient;

import io.invsync.simulator.Loopback;

/** The one way the connectors' tests get {@link CartHttp} without Spring: calls to the simulators on loopback. */
public final class TestCartHttp {

    private TestCartHttp() {
    }

    /** A plain {@link RestClient#builder()} (no observation) under a policy that allows loopback. */
    public static CartHttp allowingLoopback() {
        return new CartHttp(RestClient.builder(), Loopback.ALLOWED);
    }
}
