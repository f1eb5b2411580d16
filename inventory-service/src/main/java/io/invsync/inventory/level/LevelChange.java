package io.invsync.inventory.level;

import java.time.Instant;

/**
 * One change to a product's state, as the level processors emit it. The alias index and the warehouses are
 * derived from these changes.
 *
 * @param before          the state before; null for a product seen for the first time
 * @param after           the state after; null when the product was deleted (a tombstone on the products topic)
 * @param loadedWarehouse the warehouse whose level was loaded by this change; null for a product change
 * @param publish         whether the change is one that consumers of the levels topic need (a level, the SKU
 *                        or the aliases changed), rather than only a newer observation of the same product
 * @param runId           the inventory run of the record that caused it; null when not known
 */
public record LevelChange(ProductInventory before, ProductInventory after, String loadedWarehouse, boolean publish,
        String runId) {

    public LevelChange(ProductInventory before, ProductInventory after, String loadedWarehouse, boolean publish) {
        this(before, after, loadedWarehouse, publish, null);
    }

    /** When {@link #loadedWarehouse} was loaded. */
    public Instant loadedAt() {
        return loadedWarehouse == null ? null : after.warehouses().get(loadedWarehouse).loadedAt();
    }

    public ProductInventory current() {
        return after != null ? after : before;
    }
}
