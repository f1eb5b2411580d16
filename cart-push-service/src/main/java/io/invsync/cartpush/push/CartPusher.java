package io.invsync.cartpush.push;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.invsync.cartpush.ownership.CartOwnership;
import io.invsync.cartpush.plan.Plan;
import io.invsync.cartpush.plan.PlanRules;
import io.invsync.cartpush.state.PushState;
import io.invsync.support.OutboundPolicy;
import io.invsync.support.Secrets;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.PushOutcome;

/**
 * Pushes planned quantities, one worker per cart so that the cart's rate limit and batches have one owner.
 * Only the latest quantity per alias value waits to be pushed; calls carry up to the connector's batch limit,
 * are spaced by its minimum interval, and are retried with backoff (or the cart's Retry-After) until the retry
 * budget is spent, when every item of the call is recorded FAILED with the reason. Plans for a cart another
 * instance owns are dropped: that instance pushes them.
 */
@Component
public class CartPusher {

    private static final Logger log = LoggerFactory.getLogger(CartPusher.class);

    private final PushState state;
    private final PushResults results;
    private final Secrets secrets;
    private final Map<CartType, CartConnector> connectors;
    private final Retrying retrying;
    private final CartOwnership ownership;
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final ExecutorService executor;

    CartPusher(PushState state, PushResults results, Secrets secrets, List<CartConnector> connectors,
            Retrying retrying, CartOwnership ownership) {
        this.state = state;
        this.ownership = ownership;
        this.results = results;
        this.secrets = secrets;
        this.connectors = connectors.stream().collect(Collectors.toMap(CartConnector::type, Function.identity()));
        this.retrying = retrying;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "cart-push-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Takes a plan: records it when no call is needed, else queues it for the cart's worker. */
    public void accept(Plan plan) {
        if (!ownership.owns(plan.cartId())) {
            log.warn("dropped a plan for cart {}: it is owned by instance {}", plan.cartId(),
                    ownership.ownerOf(plan.cartId()));
            return;
        }
        workers.computeIfAbsent(plan.cartId(), Worker::new).accept(plan);
    }

    /** How many quantities wait to be pushed to a cart. */
    public int pending(String cartId) {
        Worker worker = workers.get(cartId);
        return worker == null ? 0 : worker.pendingCount();
    }

    private final class Worker {

        private final String cartId;
        private final LinkedHashMap<String, Plan> pending = new LinkedHashMap<>();
        /** Alias values of the batch being pushed: their recorded result is about to change. */
        private final Set<String> inFlight = new HashSet<>();
        private boolean running;

        Worker(String cartId) {
            this.cartId = cartId;
        }

        synchronized int pendingCount() {
            return pending.size();
        }

        /**
         * A plan that needs no call withdraws any quantity waiting for its alias value. UNCHANGED was judged
         * against the last recorded result; if a push for the alias is in flight, or a push recorded since the
         * plan was made left another quantity, the cart will not hold the plan's quantity, so it is pushed.
         */
        synchronized void accept(Plan plan) {
            if (plan.outcome() == PushOutcome.UNCHANGED
                    && (inFlight.contains(plan.aliasValue()) || !cartHolds(plan))) {
                offer(plan.asCall());
                return;
            }
            if (!plan.needsCall()) {
                pending.remove(plan.aliasValue());
                results.record(plan, plan.outcome(), plan.reason());
                return;
            }
            offer(plan);
        }

        private boolean cartHolds(Plan plan) {
            return PlanRules.cartHas(plan.quantity(), state.cartProduct(cartId, plan.aliasValue()),
                    state.result(cartId, plan.aliasValue()));
        }

        private void offer(Plan plan) {
            pending.remove(plan.aliasValue()); // the latest quantity goes to the back of the line, once
            pending.put(plan.aliasValue(), plan);
            if (!running) {
                running = true;
                executor.execute(this::drain);
            }
        }

        /** Up to {@code limit} plans the cart does not hold yet, marked in flight; null when none wait. */
        private List<Plan> nextBatch(int limit) {
            synchronized (this) {
                List<Plan> batch = new ArrayList<>();
                var iterator = pending.values().iterator();
                while (iterator.hasNext() && batch.size() < limit) {
                    Plan plan = iterator.next();
                    iterator.remove();
                    if (!cartHolds(plan)) { // a call finished meanwhile may already have set it
                        batch.add(plan);
                        inFlight.add(plan.aliasValue());
                    }
                }
                if (batch.isEmpty() && pending.isEmpty()) {
                    running = false;
                    return null;
                }
                return batch;
            }
        }

        private synchronized void landed(List<Plan> batch) {
            batch.forEach(plan -> inFlight.remove(plan.aliasValue()));
        }

        private void drain() {
            try {
                while (true) {
                    Optional<CartSettingsChanged> cart = state.cart(cartId);
                    CartConnector connector = cart.map(c -> connectors.get(c.type())).orElse(null);
                    List<Plan> batch = nextBatch(connector == null ? 500 : connector.batchLimit());
                    if (batch == null) {
                        return;
                    }
                    if (batch.isEmpty()) {
                        continue;
                    }
                    try {
                        pushBatch(cart.orElse(null), connector, batch);
                    } finally {
                        landed(batch);
                    }
                }
            } catch (RuntimeException e) {
                log.error("push worker for cart {} stopped: {}", cartId, e.toString());
                synchronized (this) {
                    inFlight.clear();
                    running = false;
                }
            }
        }

        private void pushBatch(CartSettingsChanged cart, CartConnector connector, List<Plan> batch) {
            if (cart == null || !cart.inventoryUploadEnabled()) {
                batch.forEach(plan -> results.record(plan, PushOutcome.SKIPPED_UPLOAD_DISABLED,
                        "inventory upload is off for cart " + cartId));
                return;
            }
            if (connector == null) {
                fail(batch, "no connector for cart type " + cart.type());
                return;
            }
            Optional<String> secret = secrets.resolve(cart.merchantId(), cart.credentialsRef());
            if (secret.isEmpty()) {
                fail(batch, "the secret named by credentialsRef '" + cart.credentialsRef() + "' is not configured "
                        + "(INVSYNC_SECRET_" + cart.credentialsRef() + ") or not granted to merchant '"
                        + cart.merchantId() + "' (INVSYNC_SECRET_GRANTS)");
                return;
            }
            String batchId = UUID.randomUUID().toString();
            List<CartConnector.PushItem> items = batch.stream().map(p -> {
                var read = state.cartProduct(cartId, p.aliasValue());
                return new CartConnector.PushItem(p.aliasValue(), p.productId(), p.quantity(),
                        read.map(r -> r.cartItemRef()).orElse(null), read.map(r -> r.cartQuantity()).orElse(null));
            }).toList();
            List<CartConnector.ItemResult> answer;
            try {
                answer = retrying.call(cartId, connector.minimumCallInterval(),
                        () -> connector.push(cart, secret.get(), batchId, items));
            } catch (Retrying.GaveUpException | OutboundPolicy.RefusedException e) {
                fail(batch, e.getMessage());
                return;
            }
            Map<String, CartConnector.ItemResult> answered = answer.stream()
                    .collect(Collectors.toMap(CartConnector.ItemResult::aliasValue, Function.identity(), (a, b) -> b));
            for (Plan plan : batch) {
                CartConnector.ItemResult result = answered.get(plan.aliasValue());
                if (result == null) {
                    results.record(plan, PushOutcome.FAILED, "the cart's answer had no result for it");
                } else {
                    results.record(plan, result.outcome(), result.reason());
                }
            }
        }

        private void fail(List<Plan> batch, String reason) {
            batch.forEach(plan -> results.record(plan, PushOutcome.FAILED, reason));
        }
    }
}
