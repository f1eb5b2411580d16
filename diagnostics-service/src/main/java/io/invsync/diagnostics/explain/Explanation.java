package io.invsync.diagnostics.explain;

import java.util.List;

/** The answer to "why is this SKU (not) in sync in this cart?" (DESIGN §5). */
public record Explanation(String merchantId, String cartId, String aliasName, String aliasValue, String matchedBy,
        List<String> productIds, Verdict verdict, String cause, Quantities quantities, List<Check> checks) {

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
}
