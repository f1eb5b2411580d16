package io.invsync.diagnostics;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.invsync.events.PushOutcome;
import io.invsync.events.RunStatus;

/**
 * One cart with five values, each judged differently, and three timed pushes: what the overview's tests publish.
 * In sync (its level observed 9 minutes before its push), two whose cart read shows 5 where 7 is expected (drift;
 * levels 2 minutes and 1 second before their pushes), one not in the cart, one whose push was rejected with a reason
 * holding a comma and quotes. The merchant's run is still going, 120 rows read.
 */
final class CartOverviewScenario {

    static final String REJECTION = "cart said: \"quantity\" must be whole, got \"7.5\"";
    /** The lags of the three confirmed pushes, in seconds. */
    static final List<Long> LAGS = List.of(540L, 120L, 1L);

    final Scenario inSync;
    final Scenario driftA;
    final Scenario driftB;
    final Scenario notInCart;
    final Scenario rejected;

    CartOverviewScenario(String name) {
        inSync = Scenario.of(name, s -> {
            s.runStatus = RunStatus.RUNNING;
            s.runRead = 120;
            s.runRejected = 2;
        });
        driftA = inSync.otherProduct("drift-a", s -> {
            s.cartQuantity = 5L;
            s.cartReadAt = s.now.minusSeconds(30);
            s.levelObservedAt = s.attemptedAt.minusSeconds(120);
            s.levelLoadedAt = s.levelObservedAt;
        });
        driftB = inSync.otherProduct("drift-b", s -> {
            s.cartQuantity = 5L;
            s.cartReadAt = s.now.minusSeconds(29);
            s.levelObservedAt = s.attemptedAt.minusSeconds(1);
            s.levelLoadedAt = s.levelObservedAt;
        });
        notInCart = inSync.otherProduct("not-in-cart", s -> {
            s.cartProductExists = false;
            s.cartQuantity = null;
            s.outcome = PushOutcome.NOT_IN_CART;
            s.pushedQuantity = null;
            s.syncedAt = null;
        });
        rejected = inSync.otherProduct("rejected", s -> {
            s.outcome = PushOutcome.REJECTED;
            s.pushReason = REJECTION;
            s.syncedAt = s.now.minus(Duration.ofHours(1));
        });
    }

    List<Scenario> products() {
        return List.of(inSync, driftA, driftB, notInCart, rejected);
    }

    String merchantId() {
        return inSync.merchantId;
    }

    String cartId() {
        return inSync.cartId;
    }

    String overviewPath() {
        return "/api/diagnostics/merchants/" + merchantId() + "/carts/" + cartId() + "/overview";
    }

    String discrepanciesPath() {
        return "/api/diagnostics/merchants/" + merchantId() + "/carts/" + cartId() + "/discrepancies";
    }

    /**
     * Publishes everything; the push results once every level has been read, since the lag is timed from the level
     * the read model holds when it reads the result (they come through different topics).
     */
    CartOverviewScenario publish(BrokerTestSupport test) {
        Events events = test.events();
        for (Scenario product : products()) {
            PushOutcome outcome = product.outcome;
            product.outcome = null;
            if (product == inSync) {
                product.publish(events);
            } else {
                product.publishProduct(events);
            }
            product.outcome = outcome;
        }
        for (Scenario product : products()) {
            await().atMost(BrokerTestSupport.WAIT).until(() -> test.explain(product).path("quantities")
                    .path("available").asLong(-1) == 7);
        }
        products().forEach(product -> product.publishPushResult(events));
        return this;
    }
}
