package io.invsync.events;

import java.time.Instant;

/**
 * The outcome for one (cart, location, alias value): what quantity was planned, what happened and why.
 * {@code syncedAt} is when the cart last confirmed a quantity (null when it never did). {@code plannedAt} is when the
 * plan it answers was made (null in records written before it was carried): a push planned earlier that lands
 * after a newer plan answers the older plan only.
 */
public record CartPushRecorded(
        String merchantId,
        String cartId,
        String aliasValue,
        String productId,
        Long quantity,
        PushOutcome outcome,
        String reason,
        Instant attemptedAt,
        Instant syncedAt,
        Instant observedAt,
        String location,
        Instant plannedAt) {

    public CartPushRecorded {
        Require.present("cartId", cartId);
        Require.present("aliasValue", aliasValue);
        Require.present("outcome", outcome);
        Require.present("attemptedAt", attemptedAt);
        Require.present("observedAt", observedAt);
        location = location == null || location.isBlank() ? CartLocation.DEFAULT_LOCATION : location;
        // a cart's reason can be a whole error page; the result keeps its start (DESIGN §7)
        reason = Limits.truncateReason(reason);
    }

    public CartPushRecorded(String merchantId, String cartId, String aliasValue, String productId, Long quantity,
            PushOutcome outcome, String reason, Instant attemptedAt, Instant syncedAt, Instant observedAt,
            String location) {
        this(merchantId, cartId, aliasValue, productId, quantity, outcome, reason, attemptedAt, syncedAt, observedAt,
                location, null);
    }

    /** The outcome for a value of a cart with one unnamed location. */
    public CartPushRecorded(String merchantId, String cartId, String aliasValue, String productId, Long quantity,
            PushOutcome outcome, String reason, Instant attemptedAt, Instant syncedAt, Instant observedAt) {
        this(merchantId, cartId, aliasValue, productId, quantity, outcome, reason, attemptedAt, syncedAt, observedAt,
                null, null);
    }
}
