package io.invsync.localstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each service in turn is killed (SIGKILL: no shutdown, no flush, no leaving its consumer groups) while inventory
 * keeps coming, and started again with the same arguments and, for inventory-service, the same state directory.
 * Nothing is lost: the cart ends with exactly the final quantity of every SKU, diagnostics agrees, and no older
 * observation ever overwrote a newer one.
 */
class ServiceKillTest {

    private static FaultStack stack;

    @BeforeAll
    static void stack() {
        stack = FaultStacks.shared();
    }

    @Test
    void killingWmsIngestMidRunLosesNothingAcceptedAndTheCartConverges() {
        killMidRunAndRestart(Service.WMS_INGEST, "kill-ingest", 11);
    }

    /** An answer 200 means the inventory is in Kafka: killing wms-ingest-service right after it loses none of it. */
    @Test
    void killingWmsIngestRightAfterItAcceptedTheFinalStateLosesNoneOfIt() {
        try (SyncRun run = new SyncRun(stack, "kill-ingest-after-ack", 15).setUp()) {
            run.postFinalState();
            stack.process(Service.WMS_INGEST).kill();
            stack.process(Service.WMS_INGEST).start();
            run.postOlderThanFinalState();
            run.assertConverged();
        }
    }

    @Test
    void killingInventoryServiceMidRunLosesNoLevelAndKeepsNewerObservations() {
        killMidRunAndRestart(Service.INVENTORY, "kill-inventory", 12);
    }

    @Test
    void killingCartPushMidRunStillGivesTheCartEveryFinalQuantity() {
        killMidRunAndRestart(Service.CART_PUSH, "kill-cartpush", 13);
    }

    @Test
    void killingDiagnosticsMidRunRebuildsAnExplanationThatAgreesWithTheCart() {
        killMidRunAndRestart(Service.DIAGNOSTICS, "kill-diagnostics", 14);
    }

    /** The static members of a Streams service's group (its application id), as the broker sees them. */
    private static java.util.List<String> groupInstanceIds(String group) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.broker.bootstrapServers()))) {
            return admin.describeConsumerGroups(java.util.List.of(group)).all().get().get(group).members().stream()
                    .map(member -> member.groupInstanceId().orElse("(dynamic) " + member.consumerId())).toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe group " + group, e);
        }
    }

    private static void killMidRunAndRestart(Service service, String name, long seed) {
        try (SyncRun run = new SyncRun(stack, name, seed).setUp()) {
            run.startWriting();
            run.awaitAcceptedRounds(8);

            stack.process(service).kill();
            run.awaitRounds(5); // the writer goes on while the service is dead
            stack.process(service).start();
            run.awaitAcceptedRounds(8);
            run.note("restarted and written on");

            run.stopWritingAndPostFinalState();
            run.assertConverged();
            if (service != Service.WMS_INGEST) {
                String application = service.id() + "-service"; // the Streams application id: the group
                assertThat(groupInstanceIds(application)).as("the restarted instance's static membership")
                        .containsExactly(application + "-" + FaultStack.STATIC_MEMBER + "-1");
            }
            if (service == Service.WMS_INGEST) {
                assertThat(run.refusedRounds()).as("pushes refused while wms-ingest-service was dead").isPositive();
            }
        }
    }
}
