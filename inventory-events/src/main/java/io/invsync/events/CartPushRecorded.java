package io.invsync.events;

import java.time.Instant;

/**
 * The outcome for one (cart, location, alias value): what quantity was planned, what happened and why.
 * {@code syncedAt} is when the cart last confirmed a quantity (null when it never did).
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
        String location) {

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

    /** The outcome for a value of a cart with one unnamed location. */
    public CartPushRecorded(String merchantId, String cartId, String aliasValue, String productId, Long quantity,
            PushOutcome outcome, String reason, Instant attemptedAt, Instant syncedAt, Instant observedAt) {
        this(merchantId, cartId, aliasValue, productId, quantity, outcome, reason, attemptedAt, syncedAt, observedAt,
                null);
    }
}
