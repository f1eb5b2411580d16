package io.invsync.diagnostics.model;

import io.invsync.events.CartPushRecorded;

/** Told of each push result as the read model applies it, with the one it replaces (null for the first). */
public interface PushResultObserver {

    /** @param model the read model of the task applying it, which holds the result's merchant */
    void recorded(CartPushRecorded previous, CartPushRecorded result, ReadModel model);
}
