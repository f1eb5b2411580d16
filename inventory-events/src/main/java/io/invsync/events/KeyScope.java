package io.invsync.events;

/**
 * What a merchant key may do, and only for its own merchant: {@code READ} the merchant's settings, runs,
 * warehouses, products, carts, product sync and diagnostics; {@code PUSH} its inventory and orders.
 */
public enum KeyScope {
    READ,
    PUSH
}
