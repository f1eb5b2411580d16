package io.invsync.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.invsync.events.CartLocation;
import io.invsync.events.RuleOverride;

/**
 * The quantity one cart location should show for one product, with every step that led to it and its numbers,
 * so that the explanation states them instead of deriving them again (DESIGN §1 "Quantity pushed").
 *
 * @param availableByWarehouse the location's warehouses that hold a level of the product, with their available
 * @param onHand the sum over those warehouses; null when none holds a level (so are {@code allocated} and
 *        {@code available})
 * @param snapshotObservedAt the newest observation among those warehouses: order lines placed after it are in flight
 * @param inFlight the units in-flight order lines hold back
 * @param oldestInFlightPlacedAt when the oldest line that holds stock back was placed; null when none does
 * @param holdEndsAt when the first of them stops holding at the latest (the hold limit); null when none does
 * @param afterOrders available minus in-flight, never below 0 (negative available is kept in state, but a cart cannot
 *        sell less than nothing)
 * @param override the first override that matched, or null
 * @param steps the channel rules that applied, in order (buffer, percent, maximum; or the override's fixed quantity)
 * @param afterRules the quantity after the channel rules, before the floor
 * @param floor the minimum inventory level in force (the cart's or the override's)
 * @param expected what the location should show; null when nothing is known (no level and no fixed quantity)
 */
public record PushQuantity(
        CartLocation location,
        Map<String, Long> availableByWarehouse,
        Long onHand,
        Long allocated,
        Long available,
        Instant snapshotObservedAt,
        long inFlight,
        Instant oldestInFlightPlacedAt,
        Instant holdEndsAt,
        Long afterOrders,
        RuleOverride override,
        List<Step> steps,
        Long afterRules,
        long floor,
        Long expected) {

    /** One rule applied: what it is, its setting, the quantity before and after it. */
    public record Step(Kind kind, long setting, long before, long after) {

        public boolean changed() {
            return before != after;
        }
    }

    public enum Kind {
        /** units held back */
        BUFFER,
        /** share offered, in percent, rounded down */
        PERCENT,
        /** cap */
        MAXIMUM,
        /** an override's quantity, whatever the stock */
        FIXED
    }

    public boolean known() {
        return expected != null;
    }

    /** Whether the channel rules (or an override's fixed quantity) changed the quantity. */
    public boolean rulesChanged() {
        return steps.stream().anyMatch(Step::changed);
    }

    /** Whether the floor turned a positive quantity into 0. */
    public boolean floorZeroed() {
        return afterRules != null && afterRules > 0 && expected != null && expected == 0 && !fixed();
    }

    /** Whether an override's fixed quantity replaced the rules. */
    public boolean fixed() {
        return override != null && override.fixedQuantity() != null;
    }
}
