package io.invsync.localstack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The cart fails 30% of calls (429 with Retry-After, 500, answers held past cart-push-service's one-second
 * timeout). Retries absorb most of it; what fails past the retries is recorded FAILED with its reason, visible in
 * product-sync and as CART_LAST_PUSH in diagnostics; once the cart heals, everything converges.
 */
class FlakyCartTest {

    /** With this seed the first three calls fail (429, 500, timeout): a push that gives up, deterministically. */
    private static final long FIRST_THREE_CALLS_FAIL = 4104;
    private static final double FAILURE_RATIO = 0.3;

    private static FaultStack stack;

    @BeforeAll
    static void stack() {
        stack = FaultStacks.shared();
    }

    @Test
    void aCartFailingThirtyPercentOfCallsConvergesOnceHealedAndWhatFailedPastRetriesIsVisible() throws Exception {
        try (SyncRun run = new SyncRun(stack, "flaky-cart", 31).setUp()) {
            FaultApi api = new FaultApi(stack);
            String sku = run.skus.get(0);

            run.cart.failRandomly(FAILURE_RATIO, FIRST_THREE_CALLS_FAIL);
            run.postOneChange(sku);
            JsonNode row = await("product-sync shows the push that gave up").atMost(SyncRun.CONVERGE)
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> api.productSync(run.cartId, sku).path("items").path(0),
                            r -> "FAILED".equals(r.path("lastOutcome").asString()));
            String reason = row.path("reason").asString();
            assertThat(reason).startsWith("gave up after " + FaultStacks.PUSH_ATTEMPTS + " attempts: ")
                    .contains("did not answer within 1000 ms");
            JsonNode explanation = await("diagnostics shows the push that gave up").atMost(SyncRun.CONVERGE)
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> api.explain(run.merchantId, run.cartId, sku),
                            e -> e != null && "CART_LAST_PUSH".equals(e.path("cause").asString()));
            assertThat(explanation.path("verdict").asString()).isEqualTo("NOT_SYNCED");
            JsonNode lastPush = check(explanation, "CART_LAST_PUSH");
            assertThat(lastPush.path("status").asString()).isEqualTo("FAIL");
            assertThat(lastPush.path("finding").asString()).contains("FAILED").contains(reason);
            run.note("a push that gave up is visible");

            // the writer's changes meet a cart that fails 30% of calls at random
            run.startWriting();
            run.awaitAcceptedRounds(30);
            int failures = run.cart.randomFailures();
            run.note("cart failed " + failures + " of " + run.cart.calls() + " calls");
            assertThat(failures).isGreaterThan(3);

            run.cart.failRandomly(0, 0);
            run.stopWritingAndPostFinalState();
            run.assertConverged();
        }
    }

    private static JsonNode check(JsonNode explanation, String id) {
        for (JsonNode check : explanation.path("checks")) {
            if (id.equals(check.path("id").asString())) {
                return check;
            }
        }
        throw new AssertionError("no check " + id + " in " + explanation);
    }
}
