package io.invsync.cartpush.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.invsync.events.CartOrderLineReceived;

/** The values of the planning stage's own stores: small lists held per SKU. */
final class StoredValues {

    private StoredValues() {
    }

    /** The order lines of one SKU that still hold stock back (usually none or a few). */
    record OrderLines(List<CartOrderLineReceived> lines) {

        OrderLines {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }

        /** With {@code order}, replacing an earlier line of the same order and cart. */
        OrderLines with(CartOrderLineReceived order) {
            List<CartOrderLineReceived> held = new ArrayList<>(lines.size() + 1);
            lines.stream().filter(line -> !(line.orderId().equals(order.orderId())
                    && Objects.equals(line.cartId(), order.cartId()))).forEach(held::add);
            held.add(order);
            return new OrderLines(held);
        }
    }

    /**
     * The products whose level carried a SKU. A product whose SKU changed stays listed under the old one until
     * it is next looked up there ({@link PlanStage} drops it then), so a level never needs its previous value.
     */
    record ProductIds(List<String> ids) {

        ProductIds {
            ids = ids == null ? List.of() : List.copyOf(ids);
        }

        ProductIds with(String productId) {
            if (ids.contains(productId)) {
                return this;
            }
            List<String> more = new ArrayList<>(ids);
            more.add(productId);
            return new ProductIds(more);
        }

        ProductIds without(List<String> productIds) {
            return new ProductIds(ids.stream().filter(id -> !productIds.contains(id)).toList());
        }
    }
}
