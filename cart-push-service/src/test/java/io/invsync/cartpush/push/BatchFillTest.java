package io.invsync.cartpush.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;

class BatchFillTest {

    private static final String CART = "shop-1";
    private static final int LIMIT = 250;
    private static final long HAND_OFF_MS = 20;
    private static final Duration LINGER = Duration.ofMillis(250);

    /**
     * The pushing stage in small: pushes arrive in bursts, every {@link #HAND_OFF_MS} the cart's next batch goes if
     * {@link BatchFill} says so (the call lands before the next hand-off); records each batch's size and the
     * longest any push waited.
     */
    private static final class Stage {
        private final BatchFill fill;
        private final Deque<Long> waiting = new ArrayDeque<>();
        private final List<Integer> batches = new ArrayList<>();
        private long longestWait;

        Stage(Duration linger) {
            this.fill = new BatchFill(linger);
        }

        /** Runs for {@code millis}: {@code burst} pushes arrive every {@code burstEveryMs}. */
        Stage run(long from, long millis, int burst, long burstEveryMs) {
            for (long now = from; now < from + millis; now++) {
                if (now % burstEveryMs == 0) {
                    for (int i = 0; i < burst; i++) {
                        waiting.add(now);
                        fill.arrived(CART, now);
                    }
                }
                if (now % HAND_OFF_MS == 0 && !waiting.isEmpty() && fill.goesNow(CART, LIMIT, now)) {
                    int taken = Math.min(waiting.size(), LIMIT);
                    for (int i = 0; i < taken; i++) {
                        longestWait = Math.max(longestWait, now - waiting.poll());
                    }
                    fill.left(CART, taken, taken, LIMIT, now);
                    batches.add(taken);
                }
            }
            return this;
        }

        List<Integer> batchesFrom(int index) {
            return batches.subList(index, batches.size());
        }
    }

    @Test
    void aLoneChangeGoesAtTheNextHandOff() {
        BatchFill fill = new BatchFill(LINGER);
        fill.arrived(CART, 1_000);
        assertThat(fill.goesNow(CART, LIMIT, 1_020)).isTrue();
    }

    @Test
    void theFirstBurstOfASnapshotMakesACartIdleSinceLongBusySoItsBatchWaitsToFill() {
        BatchFill fill = new BatchFill(LINGER);
        fill.arrived(CART, 0);
        assertThat(fill.goesNow(CART, LIMIT, 20)).isTrue();
        fill.left(CART, 1, 1, LIMIT, 20);
        for (int i = 0; i < 150; i++) {
            fill.arrived(CART, 60_000); // a minute later, one commit's worth of a snapshot
        }
        assertThat(fill.goesNow(CART, LIMIT, 60_020)).as("busy: 150 in 20 ms").isFalse();
        assertThat(fill.goesNow(CART, LIMIT, 60_260)).as("the linger is up").isTrue();
    }

    @Test
    void halfABatchWaitingKeepsTheCartBusyThroughAPauseInTheStream() {
        BatchFill fill = new BatchFill(LINGER);
        for (int i = 0; i < 130; i++) {
            fill.arrived(CART, 0);
        }
        // 150 ms without an arrival: the rate has fallen below half a batch per linger, 130 still wait
        assertThat(fill.goesNow(CART, LIMIT, 150)).isFalse();
        assertThat(fill.goesNow(CART, LIMIT, 260)).isTrue();
    }

    @Test
    void aCartNothingWasCountedForSinceItsTaskStartedGoesAtOnce() {
        assertThat(new BatchFill(LINGER).goesNow(CART, LIMIT, 5_000)).isTrue();
    }

    @Test
    void aStreamThatFillsABatchWithinTheLingerLeavesInFullBatches() {
        // 2,000 pushes/s: 250 in 125 ms
        Stage stage = new Stage(LINGER).run(0, 5_000, 40, 20);
        int warm = stage.batches.size() / 2;
        assertThat(stage.batchesFrom(warm)).isNotEmpty().allSatisfy(size -> assertThat(size).isEqualTo(LIMIT));
        assertThat(stage.longestWait).isLessThanOrEqualTo(LINGER.toMillis());
    }

    @Test
    void burstsAtEachCommitOfTheStageBeforeAreGatheredIntoFullerBatches() {
        // 110 pushes every 100 ms (1,100/s, as the planning stage's commits make them visible): 250 in about 230 ms
        Stage stage = new Stage(LINGER).run(0, 10_000, 110, 100);
        List<Integer> warm = stage.batchesFrom(stage.batches.size() / 2);
        double mean = warm.stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertThat(mean).isGreaterThan(240);
        assertThat(stage.longestWait).isLessThanOrEqualTo(LINGER.toMillis() + HAND_OFF_MS);
    }

    @Test
    void aStreamTooSlowToFillHalfABatchWithinTheLingerGoesAtEveryHandOff() {
        for (int perHandOff : new int[] {2, 8}) { // 100 and 400 pushes/s: 25 and 100 in the linger
            Stage stage = new Stage(LINGER).run(0, 5_000, perHandOff, 20);
            assertThat(stage.batches).as("%d pushes per hand-off", perHandOff).hasSize(250)
                    .allSatisfy(size -> assertThat(size).isEqualTo(perHandOff));
            assertThat(stage.longestWait).isZero();
        }
    }

    @Test
    void aBusyStreamThatCannotFillABatchWithinTheLingerSendsWhatTheLingerGathered() {
        // 640 pushes/s: 160 in the linger, more than half a batch
        Stage stage = new Stage(LINGER).run(0, 10_000, 16, 25);
        List<Integer> warm = stage.batchesFrom(stage.batches.size() / 2);
        assertThat(warm).isNotEmpty().allSatisfy(size -> assertThat(size).isBetween(LIMIT / 2, LIMIT - 1));
        assertThat(stage.longestWait).isLessThanOrEqualTo(LINGER.toMillis() + HAND_OFF_MS);
    }

    @Test
    void noPushWaitsLongerThanTheLingerWhateverTheRate() {
        for (int perHandOff : new int[] {5, 10, 15, 18, 20, 25, 60, 200}) {
            Stage stage = new Stage(LINGER).run(0, 5_000, perHandOff, 20);
            assertThat(stage.longestWait).as("%d pushes per hand-off", perHandOff)
                    .isLessThanOrEqualTo(LINGER.toMillis() + HAND_OFF_MS);
        }
    }

    @Test
    void aZeroLingerSendsWhatWaitsAtEveryHandOff() {
        Stage stage = new Stage(Duration.ZERO).run(0, 2_000, 40, 20);
        assertThat(stage.batches).hasSize(100).allSatisfy(size -> assertThat(size).isEqualTo(40));
    }

    @Test
    void pushesLeftBehindByAFullBatchGoWithoutWaitingForTheRateToRise() {
        BatchFill fill = new BatchFill(LINGER);
        for (int i = 0; i < 600; i++) {
            fill.arrived(CART, 0); // one burst larger than two batches, from a cart that was quiet
        }
        assertThat(fill.goesNow(CART, LIMIT, 20)).isTrue();
        fill.left(CART, LIMIT, LIMIT, LIMIT, 20);
        assertThat(fill.goesNow(CART, LIMIT, 40)).as("350 still counted").isTrue();
        fill.left(CART, LIMIT, LIMIT, LIMIT, 40);
        fill.left(CART, 100, 100, LIMIT, 60);
        assertThat(fill.goesNow(CART, LIMIT, 80)).as("nothing counted: the store is read").isTrue();
    }
}
