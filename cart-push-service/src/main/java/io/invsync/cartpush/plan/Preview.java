package io.invsync.cartpush.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.invsync.events.CartLocation;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Keys;
import io.invsync.events.PushOutcome;
import io.invsync.support.streams.StateStores;

/**
 * A dry run of cart settings (DESIGN §4 preview): every product of the cart's merchant judged under the settings
 * given, with the planner's own judgement ({@link PlanInputs#judge}) against what the planning stage holds now —
 * what the cart holds, the last outcomes, the order lines — without pushing or saving anything. Runs where the
 * cart's merchant is planned (its stores are local there). The work is bounded: at most {@code maxProducts}
 * products are judged per request (the answer says when it stopped short), one page of items is kept.
 */
public final class Preview {

    /** What a value would get: a push ({@value #PUSH}) or the outcome recorded without a call. */
    public static final String PUSH = "PUSH";
    /** No level in the warehouses the settings name: nothing would be planned, the cart keeps what it has. */
    public static final String NO_LEVEL = "NO_LEVEL";

    private Preview() {
    }

    /**
     * @param changes values that would get a push, or an outcome that stops pushing they do not have now
     * @param unchanged the other values judged
     * @param nextAfter the {@code after} of the next page of items, null on the last
     * @param truncated whether judging stopped at the bound before the merchant's last product
     */
    public record Result(int judged, int changes, int unchanged, Map<String, Integer> byOutcome, List<Item> items,
            String nextAfter, boolean truncated) {
    }

    /**
     * @param current what the cart is known to hold (its own newer read, or invsync's last confirmed push); null
     *        when not known
     * @param wouldPush the quantity the settings give; null without a level
     */
    public record Item(String location, String aliasValue, String productId, Long current, Long wouldPush,
            String outcome, String reason) {
    }

    /**
     * Judges every product of the cart's merchant at each of the cart's locations.
     *
     * @param after the productId of the last item of the previous page (items come in productId order, a product's
     *        locations in the settings' order and never split over two pages)
     */
    public static Result run(StateStores stores, CartSettingsChanged cart, Instant now, Duration holdLimit,
            String after, int limit, int maxProducts) {
        PlanInputs inputs = PlanInputs.queried(stores);
        String prefix = Keys.merchant(cart.merchantId()) + Keys.SEPARATOR;
        int[] counts = new int[3]; // judged, changes, unchanged
        Map<String, Integer> byOutcome = new TreeMap<>();
        List<Item> items = new ArrayList<>();
        boolean[] more = { false, false }; // another changed item after the page; stopped at the bound
        stores.<InventoryLevelChanged>forEachLocal(PlanStage.LEVELS, prefix, (key, level) -> {
            if (level == null || more[1]) {
                return;
            }
            if (counts[0] >= maxProducts) {
                more[1] = true;
                return;
            }
            List<Item> changed = new ArrayList<>();
            for (CartLocation place : cart.locations()) {
                counts[0]++;
                PlanInputs.Judged judged = inputs.judge(cart, place, level, now, holdLimit);
                Optional<Plan> plan = judged.plan();
                String outcome = plan.map(p -> p.needsCall() ? PUSH : p.outcome().name()).orElse(NO_LEVEL);
                byOutcome.merge(outcome, 1, Integer::sum);
                if (plan.isEmpty() || !(plan.get().needsCall() || stopsPushing(plan.get(), judged))) {
                    counts[2]++;
                    continue;
                }
                counts[1]++;
                Plan p = plan.get();
                changed.add(new Item(place.location(), p.aliasValue(), level.productId(),
                        PlanRules.cartQuantity(judged.cartProduct(), Optional.ofNullable(judged.last())),
                        p.plannedQuantity(), outcome, p.reason()));
            }
            if (changed.isEmpty() || (after != null && level.productId().compareTo(after) <= 0)) {
                return;
            }
            if (!more[0] && (items.isEmpty() || items.size() + changed.size() <= limit)) {
                items.addAll(changed);
            } else {
                more[0] = true;
            }
        });
        String nextAfter = more[0] && !items.isEmpty() ? items.get(items.size() - 1).productId() : null;
        return new Result(counts[0], counts[1], counts[2], byOutcome, items, nextAfter, more[1]);
    }

    /** A plan that records an outcome without a call is a change when the value does not have that outcome yet. */
    private static boolean stopsPushing(Plan plan, PlanInputs.Judged judged) {
        return plan.outcome() != PushOutcome.UNCHANGED
                && (judged.last() == null || judged.last().outcome() != plan.outcome());
    }
}
