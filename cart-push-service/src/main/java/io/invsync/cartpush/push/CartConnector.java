package io.invsync.cartpush.push;

import java.time.Duration;
import java.util.List;

import io.invsync.events.CartSettingsChanged;
import io.invsync.events.CartType;
import io.invsync.events.PushOutcome;

/** One cart vendor's inventory API, as shared/CART_APIS.md describes it. */
public interface CartConnector {

    CartType type();

    /** How much one call may carry and how often calls may go, for this vendor (and its settings). */
    Limits limits();

    /** The most quantities one push call may carry. */
    default int batchLimit() {
        return limits().batchLimit();
    }

    /** The most alias values one catalog read may ask about. */
    default int catalogBatchLimit() {
        return limits().catalogBatchLimit();
    }

    /** The least time between two calls to one cart, so that its rate limit is never hit by design. */
    default Duration minimumCallInterval() {
        return limits().minimumCallInterval();
    }

    /**
     * Sets the quantities in the cart. Returns one result per item, in any order; a result must be the truth (a
     * quantity the cart ignored or refused is never PUSHED). {@code batchId} stays the same when the same batch is
     * tried again, so it can serve as an idempotency key. Throws {@link RetryableCartException} when the whole
     * call should be tried again (throttled, 5xx, timeout).
     */
    List<ItemResult> push(CartSettingsChanged cart, String secret, String batchId, List<PushItem> items);

    /**
     * Reads what the cart says of each alias value: whether it exists, whether inventory is tracked, the cart's
     * own reference and its quantity. One item per value asked about ({@code exists=false} for unknown ones).
     * Throws {@link RetryableCartException} like {@link #push}.
     */
    List<CatalogItem> readCatalog(CartSettingsChanged cart, String secret, List<String> aliasValues);

    /** A vendor's call limits: see {@link #batchLimit()}, {@link #catalogBatchLimit()}, {@link #minimumCallInterval()}. */
    record Limits(int batchLimit, int catalogBatchLimit, Duration minimumCallInterval) {
    }

    /**
     * One quantity to set. {@code cartItemRef} and {@code cartQuantity} are what the last catalog read said (null
     * when not read): a connector can address the item without looking it up, and compare-and-set against it.
     */
    record PushItem(String aliasValue, String productId, long quantity, String cartItemRef, Long cartQuantity) {
    }

    /** What the cart says of one alias value. */
    record CatalogItem(String aliasValue, boolean exists, boolean inventoryTracked, String cartItemRef, Long quantity) {
    }

    /**
     * What the cart said of one item: PUSHED, REJECTED, NOT_IN_CART or TRACKING_DISABLED, with its reason; FAILED when
     * the cart's answer leaves unknown whether the quantity was applied (an Amazon feed not processed in time).
     */
    record ItemResult(String aliasValue, PushOutcome outcome, String reason) {
    }
}
