package io.invsync.localstack.faults;

import org.junit.jupiter.api.Test;

/** {@link ScaleOutKillContract} on the fault suite's shared stack (its in-JVM KRaft broker). */
class ScaleOutKillTest extends ScaleOutKillContract {

    @Test
    void killingOneOfTwoInstancesOfCartPushAndOfDiagnosticsLosesNothingAndTheSurvivorsConverge() {
        FaultStack stack = FaultStacks.shared();
        try {
            killingOneOfTwoInstancesLosesNothing(stack);
        } finally {
            if (!stack.process(Service.CART_PUSH).alive()) {
                stack.process(Service.CART_PUSH).start(); // the other fault tests share the stack
            }
        }
    }
}
