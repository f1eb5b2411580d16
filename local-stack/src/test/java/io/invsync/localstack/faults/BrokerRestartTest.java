package io.invsync.localstack.faults;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker is stopped while inventory keeps coming and started again on the same data directory and ports:
 * every service reconnects on its own, and the cart ends with exactly the final quantities.
 */
class BrokerRestartTest {

    private static FaultStack stack;

    @BeforeAll
    static void stack() {
        stack = FaultStacks.shared();
    }

    @Test
    void restartingTheBrokerMidRunLosesNothingAndTheCartConverges() {
        try (SyncRun run = new SyncRun(stack, "broker-restart", 21).setUp()) {
            run.startWriting();
            run.awaitAcceptedRounds(8);

            stack.broker.stop();
            run.note("broker stopped");
            run.awaitRounds(2); // the writer goes on while there is no broker (its pushes time out)
            stack.broker.start();
            run.note("broker started");
            run.awaitAcceptedRounds(8);

            run.stopWritingAndPostFinalState();
            run.assertConverged();
        }
    }
}
