package io.invsync.localstack.faults;

import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@link ScaleOutKillContract} on Kafka's own image, as docker-compose.yml runs it: a stack of its own (every
 * service a process) on a {@link ContainerBroker}, the same steps and assertions as on the in-JVM broker. Skipped
 * (and reported as skipped) where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class ScaleOutKillContainerTest extends ScaleOutKillContract {

    @Test
    void killingOneOfTwoInstancesOfCartPushAndOfDiagnosticsOnKafkasImageLosesNothing() {
        try (FaultStack stack = FaultStack.start("scale-out-kill-container", new ContainerBroker(),
                EnumSet.allOf(Service.class), Map.of(Service.CART_PUSH, FaultStacks.CART_PUSH_ARGS))) {
            killingOneOfTwoInstancesLosesNothing(stack);
        }
    }
}
