package io.invsync.events;

import java.time.Instant;

/**
 * What the cart itself says of one alias value at one of its locations: does it exist, is inventory tracked, what
 * it holds there. {@code location} is the cart-side location id ({@link CartLocation#DEFAULT_LOCATION} when the cart
 * has one location and names none).
 */
public record CartProductObserved(
        String merchantId,
        String cartId,
        String aliasValue,
        boolean exists,
        boolean inventoryTracked,
        String cartItemRef,
        Long cartQuantity,
        Instant observedAt,
        String location) {

    public CartProductObserved {
        Require.present("cartId", cartId);
        Require.present("aliasValue", aliasValue);
        Require.present("observedAt", observedAt);
        location = location == null || location.isBlank() ? CartLocation.DEFAULT_LOCATION : location;
    }

    /** What a cart with one unnamed location says of a value. */
    public CartProductObserved(String merchantId, String cartId, String aliasValue, boolean exists,
            boolean inventoryTracked, String cartItemRef, Long cartQuantity, Instant observedAt) {
        this(merchantId, cartId, aliasValue, exists, inventoryTracked, cartItemRef, cartQuantity, observedAt, null);
    }
}
