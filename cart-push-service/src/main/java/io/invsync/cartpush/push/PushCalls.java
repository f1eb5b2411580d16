package io.invsync.cartpush.push;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.invsync.cartpush.plan.PendingPush;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.PushOutcome;
import io.invsync.support.OutboundPolicy;
import io.invsync.support.Secrets;

/**
 * The calls to the carts, off the stream threads: a batch for one cart runs on a thread of its own, paced by the
 * cart's minimum interval and retried with backoff (or the cart's Retry-After) until the retry budget is spent,
 * when every item of the batch is FAILED with the reason. The pushing stage hands over at most one batch per
 * cart at a time, so a cart's rate limit and batches have one owner.
 */
@Component
public class PushCalls {

    private static final Logger log = LoggerFactory.getLogger(PushCalls.class);
    private static final int DEFAULT_BATCH_LIMIT = 500;

    private final Secrets secrets;
    private final Map<CartType, CartConnector> connectors;
    private final Retrying retrying;
    private final CallSpans spans;
    private final ExecutorService executor;

    PushCalls(Secrets secrets, List<CartConnector> connectors, Retrying retrying, CallSpans spans) {
        this.secrets = secrets;
        this.connectors = connectors.stream().collect(Collectors.toMap(CartConnector::type, Function.identity()));
        this.retrying = retrying;
        this.spans = spans;
        this.executor = Workers.named("cart-push");
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** What one item of a batch came to. */
    public record Outcome(PendingPush push, PushOutcome outcome, String reason) {
    }

    /** The most items one call to the cart carries. */
    public int batchLimit(CartSettingsChanged cart) {
        CartConnector connector = cart == null ? null : connectors.get(cart.type());
        return connector == null ? DEFAULT_BATCH_LIMIT : connector.batchLimit();
    }

    /** Pushes the batch on a worker thread; {@code landed} gets one outcome per item, whatever happens. */
    public void submit(CartSettingsChanged cart, String cartId, List<PendingPush> batch, Consumer<List<Outcome>> landed) {
        executor.execute(() -> {
            List<Outcome> outcomes;
            try {
                outcomes = push(cart, cartId, batch);
            } catch (RuntimeException e) {
                log.error("pushing {} quantities to cart {} failed", batch.size(), cartId, e);
                outcomes = all(batch, PushOutcome.FAILED, "the push failed inside invsync: " + e);
            }
            landed.accept(outcomes);
        });
    }

    private List<Outcome> push(CartSettingsChanged cart, String cartId, List<PendingPush> batch) {
        if (cart == null || !cart.inventoryUploadEnabled()) {
            return all(batch, PushOutcome.SKIPPED_UPLOAD_DISABLED, "inventory upload is off for cart " + cartId);
        }
        CartConnector connector = connectors.get(cart.type());
        if (connector == null) {
            return all(batch, PushOutcome.FAILED, "no connector for cart type " + cart.type());
        }
        var secret = secrets.resolve(cart.merchantId(), cart.credentialsRef());
        if (secret.isEmpty()) {
            return all(batch, PushOutcome.FAILED, "the secret named by credentialsRef '" + cart.credentialsRef()
                    + "' is not configured (INVSYNC_SECRET_" + cart.credentialsRef() + ") or not granted to merchant '"
                    + cart.merchantId() + "' (INVSYNC_SECRET_GRANTS)");
        }
        String batchId = UUID.randomUUID().toString();
        List<CartConnector.PushItem> items = batch.stream().map(p -> new CartConnector.PushItem(p.aliasValue(),
                p.plan().productId(), p.plan().quantity(), p.cartItemRef(), p.cartQuantity())).toList();
        List<CartConnector.ItemResult> answer;
        try {
            answer = spans.around(cart, batch.stream().map(PendingPush::traceParent).toList(),
                    () -> retrying.call(cartId, connector.minimumCallInterval(),
                            () -> connector.push(cart, secret.get(), batchId, items)));
        } catch (Retrying.GaveUpException | OutboundPolicy.RefusedException e) {
            return all(batch, PushOutcome.FAILED, e.getMessage());
        }
        Map<String, CartConnector.ItemResult> answered = answer.stream()
                .collect(Collectors.toMap(CartConnector.ItemResult::aliasValue, Function.identity(), (a, b) -> b));
        return batch.stream().map(p -> {
            CartConnector.ItemResult result = answered.get(p.aliasValue());
            return result == null ? new Outcome(p, PushOutcome.FAILED, "the cart's answer had no result for it")
                    : new Outcome(p, result.outcome(), result.reason());
        }).toList();
    }

    private static List<Outcome> all(List<PendingPush> batch, PushOutcome outcome, String reason) {
        return batch.stream().map(p -> new Outcome(p, outcome, reason)).toList();
    }
}
