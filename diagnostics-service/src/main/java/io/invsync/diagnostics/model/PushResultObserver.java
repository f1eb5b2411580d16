package io.invsync.diagnostics.model;

import io.invsync.events.CartPushRecorded;

/** Told of every push result the read model takes in, with the result it held before for that alias value. */
public interface PushResultObserver {

    /** {@code previous} is null when the read model held no result for the (cart, alias value) yet. */
    void recorded(CartPushRecorded previous, CartPushRecorded result);
}
