package io.invsync.events;

/** How inventory reaches invsync for a merchant. */
public enum InventorySync {
    /** invsync pulls from the WMS every poll interval. */
    ON,
    /** Nothing is pulled; the merchant's inventory is not synced. */
    OFF,
    /** The WMS pushes inventory itself; invsync never pulls. */
    AUTOMATIC
}
