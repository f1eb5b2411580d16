package io.invsync.cartpush.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.invsync.cartpush.ownership.CartOwnership;
import io.invsync.cartpush.push.CartPusher;
import io.invsync.cartpush.state.PushState;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;

/**
 * Turns "something changed" into plans. Consumers only mark what to look at again; a scheduled pass plans the
 * marked (cart, product) pairs against the current tables, so a burst of changes to one product is planned once.
 * Nothing is planned until the tables are loaded; then every cart is planned in full, which is also how changes
 * that were pending when the service died get pushed after a restart.
 * <p>
 * Only carts this instance owns ({@link CartOwnership}) are planned: every instance reads every table, and a
 * change to a product or to a cart another instance owns is that instance's to plan.
 */
@Component
public class PushPlanner {

    private static final Logger log = LoggerFactory.getLogger(PushPlanner.class);

    private final PushState state;
    private final CartPusher pusher;
    private final CartOwnership ownership;
    /** merchantId → productIds to plan for every cart of the merchant. */
    private final Map<String, Set<String>> dirtyProducts = new ConcurrentHashMap<>();
    private final Set<String> dirtyCarts = ConcurrentHashMap.newKeySet();
    private volatile boolean tablesLoaded;
    private volatile boolean started;

    private final Clock clock;
    private final Duration holdLimit;

    PushPlanner(PushState state, CartPusher pusher, CartOwnership ownership, Clock clock,
            @Value("${invsync.push.order-hold-limit:PT2H}") Duration holdLimit) {
        this.state = state;
        this.pusher = pusher;
        this.ownership = ownership;
        this.clock = clock;
        this.holdLimit = holdLimit;
    }

    /**
     * An order line holds stock back for at most the hold limit; when it ends, nothing else may change for the
     * product for hours, so the products it held back are planned again here (and the line is forgotten). The
     * held lines are few: those of the last hold limit that no newer level has covered yet.
     */
    @Scheduled(fixedDelayString = "${invsync.push.hold-check-interval:PT1S}")
    void releaseEndedHolds() {
        for (CartOrderLineReceived order : state.dropOrdersPlacedBy(Instant.now(clock).minus(holdLimit))) {
            replanSku(order.merchantId(), order.sku());
        }
    }

    /** Told by the table reader whether every table has been read up to where it ended when the service started. */
    public void tablesRead(boolean caughtUp) {
        tablesLoaded = caughtUp;
    }

    public void replanProduct(String merchantId, String productId) {
        dirtyProducts.computeIfAbsent(merchantId, m -> ConcurrentHashMap.newKeySet()).add(productId);
    }

    /** A cart's settings changed, or a resync was asked for: every product of its merchant (owned carts only). */
    public void replanCart(String cartId) {
        if (ownership.owns(cartId)) {
            dirtyCarts.add(cartId);
        }
    }

    public void replanSku(String merchantId, String sku) {
        state.productsWithSku(merchantId, sku).forEach(productId -> replanProduct(merchantId, productId));
    }

    /** The cart said something about an alias value: the products holding it under the cart's push alias. */
    public void replanAlias(String cartId, String aliasValue) {
        state.cart(cartId).ifPresent(cart -> {
            List<String> products = state.productsWithAlias(cart.merchantId(), cart.pushAlias(), aliasValue);
            if (products.isEmpty()) {
                replanCart(cartId);
            } else {
                products.forEach(productId -> replanProduct(cart.merchantId(), productId));
            }
        });
    }

    @Scheduled(fixedDelayString = "${invsync.push.plan-interval:PT0.1S}")
    void planMarked() {
        if (!started) {
            if (!tablesLoaded) {
                return;
            }
            started = true;
            state.carts().forEach(cart -> replanCart(cart.cartId()));
            log.info("tables loaded; planning {} of {} carts in full ({})", dirtyCarts.size(), state.carts().size(),
                    ownership);
        }
        Set<String> carts = drain(dirtyCarts);
        // take the marked products before planning whole carts: a level that arrives while a cart is planned in
        // full stays marked for the next pass instead of being drained here and skipped
        Map<String, Set<String>> productsByMerchant = new java.util.HashMap<>();
        for (String merchantId : Set.copyOf(dirtyProducts.keySet())) {
            productsByMerchant.put(merchantId, drain(dirtyProducts.getOrDefault(merchantId, Set.of())));
        }
        for (String cartId : carts) {
            state.cart(cartId).ifPresent(cart -> state.levelsOf(cart.merchantId()).forEach(level -> plan(cart, level)));
        }
        for (var marked : productsByMerchant.entrySet()) {
            String merchantId = marked.getKey();
            Set<String> products = marked.getValue();
            for (CartSettingsChanged cart : state.cartsOf(merchantId)) {
                if (carts.contains(cart.cartId()) || !ownership.owns(cart.cartId())) {
                    continue;
                }
                for (String productId : products) {
                    state.level(merchantId, productId).ifPresent(level -> plan(cart, level));
                }
            }
        }
    }

    private void plan(CartSettingsChanged cart, InventoryLevelChanged level) {
        if (!ownership.owns(cart.cartId())) {
            return;
        }
        String aliasValue = level.aliases().get(cart.pushAlias());
        List<String> holders = aliasValue == null ? List.of()
                : state.productsWithAlias(cart.merchantId(), cart.pushAlias(), aliasValue);
        String resultKey = aliasValue == null ? level.sku() : aliasValue;
        PlanRules.plan(cart, level, holders, state.ordersFor(cart.merchantId(), level.sku()), Instant.now(clock),
                        holdLimit,
                        aliasValue == null ? java.util.Optional.empty() : state.cartProduct(cart.cartId(), aliasValue),
                        state.result(cart.cartId(), resultKey))
                .ifPresent(pusher::accept);
    }

    private static Set<String> drain(Set<String> set) {
        Set<String> drained = new HashSet<>();
        for (String item : Set.copyOf(set)) {
            if (set.remove(item)) {
                drained.add(item);
            }
        }
        return drained;
    }
}
