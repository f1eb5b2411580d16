package io.invsync.localstack.faults;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The one stack the fault tests share (the test JVM is reused across classes): a restartable broker and the four
 * services, each in a JVM of its own so that any of them can be killed. Every test uses its own merchant, cart and
 * SKUs, and leaves every part of the stack running. Stopped when the test JVM ends.
 */
final class FaultStacks {

    /**
     * cart-push-service's retries, short enough for a test: three attempts 50–200 ms apart (or the cart's
     * Retry-After), and a webhook call that has not answered within a second has timed out.
     */
    static final int PUSH_ATTEMPTS = 3;
    static final List<String> CART_PUSH_ARGS = List.of(
            "--invsync.push.max-attempts=" + PUSH_ATTEMPTS,
            "--invsync.push.initial-backoff=PT0.05S",
            "--invsync.push.max-backoff=PT0.2S",
            "--invsync.webhook.timeout=PT1S");

    private static FaultStack shared;

    private FaultStacks() {
    }

    static synchronized FaultStack shared() {
        if (shared == null) {
            shared = FaultStack.start("faults", EnumSet.allOf(Service.class), Map.of(Service.CART_PUSH, CART_PUSH_ARGS));
            FaultStack started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "fault-stack-stop"));
        }
        return shared;
    }
}
