package io.invsync.cartpush.push;

import java.time.Duration;
import java.util.List;

import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.PushOutcome;

/** One cart vendor's inventory API, as shared/CART_APIS.md describes it. */
public interface CartConnector {

    CartType type();

    /** The most quantities one call may carry. */
    int batchLimit();

    /** The least time between two calls to one cart, so that its rate limit is never hit by design. */
    Duration minimumCallInterval();

    /**
     * Sets the quantities in the cart. Returns one result per item, in any order. Throws
     * {@link RetryableCartException} when the whole call should be tried again (throttled, 5xx, timeout).
     */
    List<ItemResult> push(CartSettingsChanged cart, String secret, List<PushItem> items);

    record PushItem(String aliasValue, String productId, long quantity, String idempotencyKey) {
    }

    /** What the cart said of one item: PUSHED, REJECTED, NOT_IN_CART or TRACKING_DISABLED, with its reason. */
    record ItemResult(String aliasValue, PushOutcome outcome, String reason) {
    }
}
