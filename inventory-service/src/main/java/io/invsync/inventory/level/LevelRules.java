package io.invsync.inventory.level;

import java.time.Instant;
import java.util.Objects;

import io.invsync.events.AvailableQuantityObserved;
import io.invsync.events.EventJson;
import io.invsync.events.InvalidFieldException;
import io.invsync.events.Limits;
import io.invsync.events.InventoryLevelChanged.WarehouseLevel;
import io.invsync.events.ProductObserved;

/**
 * How an observation changes a product's state. Pure functions: the processors only load and store.
 *
 * <p>State only moves forward in {@code observedAt}: an observation older than the one held never overwrites
 * it, because a WMS run that was slow to arrive must not undo a newer one. Between two observations with the
 * same {@code observedAt} the one that arrives later wins, so replaying a topic from the start gives the same
 * state.
 *
 * <p>A redelivered observation finds itself already in the state and changes nothing, so nothing is emitted for
 * it. That needs the state and the output to be committed together: inventory-service runs exactly-once (see
 * {@link LevelProcessor}).
 */
final class LevelRules {

    private LevelRules() {
    }

    /** An observation made before the one held is stale; one made at the same time is not. */
    static boolean isStale(Instant held, Instant incoming) {
        return held != null && incoming.isBefore(held);
    }

    /**
     * @param loadedAt when invsync loaded the observation: the timestamp of its record (set when the ingest
     *                 service published it), so that a replay gives the same state as the first run
     * @return the change, or null when the observation changes nothing (stale, or a redelivery)
     */
    static LevelChange applyQuantity(ProductInventory held, AvailableQuantityObserved observed, Instant loadedAt) {
        if (observed == null) {
            return null;
        }
        ProductInventory base = held != null ? held : ProductInventory.empty(observed.merchantId(), observed.productId());
        WarehouseLevel current = base.warehouses().get(observed.warehouseId());
        if (current != null && isStale(current.observedAt(), observed.observedAt())) {
            return null;
        }
        if (current == null && base.warehouses().size() >= Limits.MAX_WAREHOUSES) {
            throw new InvalidFieldException("warehouseId", "product " + Limits.quote(observed.productId())
                    + " already has " + Limits.MAX_WAREHOUSES + " warehouses, the limit; "
                    + Limits.quote(observed.warehouseId()) + " would be one more");
        }
        // available is kept as the WMS (or the ingest service) gave it, negative included: it is pushed as 0
        // downstream, but the state says what the WMS said.
        ProductInventory after = base.withLevel(observed.warehouseId(), new WarehouseLevel(observed.onHand(),
                observed.allocated(), observed.available(), observed.observedAt(), loadedAt));
        if (after.productObservedAt() == null && observed.sku() != null && !observed.sku().isBlank()
                && !observed.sku().equals(after.sku())) {
            // no product description yet: the quantity's SKU is the best name we have
            after = after.withSku(observed.sku());
        }
        if (after.equals(held)) {
            return null;
        }
        requireEventSize(after, "warehouseId");
        return new LevelChange(held, after, observed.warehouseId(), true, observed.runId());
    }

    /**
     * @param product the product, or null for a tombstone (the product was deleted)
     * @return the change, or null when nothing changes (stale, a redelivery, a tombstone for an unknown product)
     */
    static LevelChange applyProduct(ProductInventory held, String merchantId, String productId, ProductObserved product) {
        if (product == null) {
            if (held == null) {
                return null;
            }
            ProductInventory after = held.warehouses().isEmpty() ? null : held.withoutProduct();
            return Objects.equals(after, held) ? null : new LevelChange(held, after, null, true, null);
        }
        if (held != null && isStale(held.productObservedAt(), product.observedAt())) {
            return null;
        }
        ProductInventory base = held != null ? held : ProductInventory.empty(merchantId, productId);
        ProductInventory after = base.withProduct(product);
        if (after.equals(held)) {
            return null;
        }
        requireEventSize(after, "aliases");
        boolean describedDifferently = held == null || !Objects.equals(held.sku(), after.sku())
                || !held.aliases().equals(after.aliases()) || !held.components().equals(after.components());
        return new LevelChange(held, after, null, describedDifferently, product.runId());
    }

    /**
     * No event exceeds {@value Limits#MAX_EVENT_BYTES} bytes (DESIGN §3). A cheap upper bound first (a JSON
     * character is at most six bytes escaped, a warehouse's figures about two hundred); only a product near the
     * limit is serialised to be sure.
     */
    static void requireEventSize(ProductInventory state, String field) {
        long bound = 1024 + 6L * (state.merchantId().length() + state.productId().length()
                + (state.sku() == null ? 0 : state.sku().length()));
        for (var alias : state.aliases().entrySet()) {
            bound += 6L * (alias.getKey().length() + alias.getValue().length()) + 8;
        }
        for (String warehouseId : state.warehouses().keySet()) {
            bound += 6L * warehouseId.length() + 200;
        }
        for (var component : state.components()) {
            bound += 6L * component.sku().length() + 200;
        }
        if (bound <= Limits.MAX_EVENT_BYTES) {
            return;
        }
        int size = EventJson.write(state.toEvent()).length;
        if (size > Limits.MAX_EVENT_BYTES) {
            throw new InvalidFieldException(field, "would make the level event of product "
                    + Limits.quote(state.productId()) + " " + size + " bytes, more than the limit of "
                    + Limits.MAX_EVENT_BYTES);
        }
    }
}
