package io.invsync.diagnostics.explain;

/**
 * The checks of the explanation (DESIGN §5), declared in the order a support engineer works through them: the
 * order of the checklist, so that the first FAIL in it is the cause.
 */
public enum CheckId {
    QUANTITY_BASIS,
    MERCHANT_INVENTORY_SYNC,
    MERCHANT_LAST_INVENTORY_RUN,
    MERCHANT_LAST_RUN_STATUS,
    CART_INVENTORY_UPLOAD,
    CART_SYNC_WAREHOUSE,
    SKU_MATCHES_ONE_PRODUCT,
    PRODUCT_HAS_PUSH_ALIAS,
    WAREHOUSE_LEVEL_LOADED,
    KIT_COMPONENTS,
    IN_FLIGHT_ORDERS,
    CHANNEL_RULES,
    CART_MINIMUM_INVENTORY_LEVEL,
    CART_HAS_SKU,
    CART_INVENTORY_TRACKING,
    CART_LAST_SYNC,
    CART_LAST_PUSH,
    QUANTITY_MATCH;

    /** Checks whose finding depends on the cart's location: its warehouses, numbers and what the cart holds there. */
    public boolean perLocation() {
        return switch (this) {
            case QUANTITY_BASIS, CART_SYNC_WAREHOUSE, WAREHOUSE_LEVEL_LOADED, KIT_COMPONENTS, CHANNEL_RULES,
                    CART_MINIMUM_INVENTORY_LEVEL, CART_HAS_SKU, CART_INVENTORY_TRACKING, CART_LAST_SYNC, CART_LAST_PUSH,
                    QUANTITY_MATCH -> true;
            default -> false;
        };
    }

    /** Checks that only say the cart has not caught up yet; a recent change explains them (PENDING). */
    public boolean catchingUp() {
        return this == CART_LAST_SYNC || this == QUANTITY_MATCH;
    }
}
