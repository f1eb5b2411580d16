package io.invsync.simulator;

import io.invsync.support.OutboundPolicy;

/** The simulators listen on loopback, which invsync refuses to call unless allowed: tests allow it explicitly. */
public final class Loopback {

    /** The {@code invsync.outbound.allow} value that lets a service reach the simulators. */
    public static final String ALLOW = "localhost,127.0.0.1";

    /** A policy for connectors built by hand in tests. */
    public static final OutboundPolicy ALLOWED = OutboundPolicy.allowing(ALLOW);

    private Loopback() {
    }
}
