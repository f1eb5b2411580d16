package io.invsync.events;

/** What happened to one (cart, alias value) when its quantity was planned or pushed. */
public enum PushOutcome {
    PUSHED,
    /** The cart already had the quantity: no call was made. */
    UNCHANGED,
    IGNORED_NO_ALIAS,
    BLOCKED_DUPLICATE_ALIAS,
    SKIPPED_UPLOAD_DISABLED,
    NOT_IN_CART,
    TRACKING_DISABLED,
    /** The cart refused the quantity; the reason says why. */
    REJECTED,
    /** invsync gave up after its retries; the reason says why. */
    FAILED;

    /** Whether the cart holds the quantity that was planned after this outcome. */
    public boolean cartHasQuantity() {
        return this == PUSHED || this == UNCHANGED;
    }
}
