package io.invsync.events;

import java.time.Instant;

/** What the cart itself says of one alias value: does it exist, is inventory tracked, what it holds. */
public record CartProductObserved(
        String merchantId,
        String cartId,
        String aliasValue,
        boolean exists,
        boolean inventoryTracked,
        String cartItemRef,
        Long cartQuantity,
        Instant observedAt) {

    public CartProductObserved {
        Require.present("cartId", cartId);
        Require.present("aliasValue", aliasValue);
        Require.present("observedAt", observedAt);
    }
}
