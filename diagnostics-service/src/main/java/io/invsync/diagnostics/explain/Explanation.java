package io.invsync.diagnostics.explain;

import java.util.List;

/** The answer to "why is this SKU (not) in sync in this cart?" (DESIGN §5). */
public record Explanation(String merchantId, String cartId, String aliasName, String aliasValue, String matchedBy,
        List<String> productIds, Verdict verdict, String cause, Quantities quantities, List<Location> locations,
        List<Check> checks) {

    public enum Verdict { IN_SYNC, PENDING, NOT_SYNCED }

    /**
     * From the WMS's figures to what the cart shows; null where unknown. {@code afterRules}: after in-flight
     * orders and the channel rules, before the floor. {@code cartReadAt}: when the cart's own
     * quantity was last read from the cart (a catalog read or a reconciliation); {@code cart} is that read when it
     * is newer than invsync's last confirmed push, else what the push left.
     */
    public record Quantities(Long onHand, Long allocated, Long available, Long inFlightOrders, Long afterRules,
            Long expected,
            Long pushed, Long cart, java.time.Instant cartReadAt) {
    }

    /**
     * One cart-side location: the warehouses the settings name for it, the available of each that holds a level,
     * every rule step from their sum to the quantity expected (the numbers the rules module computed), and how the
     * value stands there: what invsync last confirmed ({@code pushed}), what the cart holds as far as known
     * ({@code cart}), the location's verdict and its cause.
     */
    public record Location(String location, List<String> warehouses, java.util.Map<String, Long> availableByWarehouse,
            Long available, long inFlightOrders, String override, List<io.invsync.rules.PushQuantity.Step> steps,
            Long afterRules, long minimumInventoryLevel, Long expected, Long pushed, Long cart, Verdict verdict,
            String cause) {

        static Location of(io.invsync.rules.PushQuantity q, Quantities quantities, Verdict verdict, String cause) {
            return new Location(q.location().location(), q.location().warehouses(), q.availableByWarehouse(),
                    q.available(), q.inFlight(), q.override() == null ? null : q.override().match(), q.steps(),
                    q.afterRules(), q.floor(), q.expected(), quantities.pushed(), quantities.cart(), verdict, cause);
        }
    }
}
