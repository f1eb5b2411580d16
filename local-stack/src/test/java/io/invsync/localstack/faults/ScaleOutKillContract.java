package io.invsync.localstack.faults;

import java.time.Duration;

/**
 * Two instances each of cart-push-service and diagnostics-service (the stack's own, and one more of each from
 * {@link ScaleOutStack}, sharing their consumer groups) while inventory keeps coming: one instance of each is killed
 * (SIGKILL: no shutdown, no commit, no leaving the group) and not started again until the end. The survivors take
 * the dead instances' partitions over: the cart ends with exactly the final quantity of every SKU, pushed by the
 * surviving cart-push-service, and the surviving diagnostics-service explains every SKU as in sync. A subclass
 * names the stack (and so the broker).
 */
abstract class ScaleOutKillContract {

    /** The merchant, cart and name of the run (one of {@link FaultStack#MERCHANTS}). */
    static final String RUN = "scale-out-kill";

    void killingOneOfTwoInstancesLosesNothing(FaultStack stack) {
        try (ScaleOutStack more = new ScaleOutStack(RUN, stack.broker.bootstrapServers())) {
            more.start(Service.CART_PUSH, FaultStacks.CART_PUSH_ARGS.toArray(String[]::new));
            ServiceProcess secondDiagnostics = more.start(Service.DIAGNOSTICS);
            // the partitions were split anew: the first instances are ready once their share is restored
            stack.process(Service.CART_PUSH).awaitReady(Duration.ofSeconds(90));
            stack.process(Service.DIAGNOSTICS).awaitReady(Duration.ofSeconds(90));
            try (SyncRun run = new SyncRun(stack, RUN, 21).setUp()) {
                run.startWriting();
                run.awaitAcceptedRounds(8);

                stack.process(Service.CART_PUSH).kill(); // the second cart-push-service is left alone
                secondDiagnostics.kill(); // the stack's diagnostics-service is left alone
                run.note("killed the first cart-push-service and the second diagnostics-service");
                run.awaitAcceptedRounds(8); // writing goes on while they are dead

                run.stopWritingAndPostFinalState();
                run.assertConverged();
            }
        }
    }
}
