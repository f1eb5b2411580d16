package io.invsync.cartpush.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.invsync.cartpush.plan.StoredValues.OrderLines;
import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartLocation;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.Keys;
import io.invsync.support.streams.MerchantRouting;
import io.invsync.support.streams.StateStores;

/**
 * What a plan for (cart, location, product) is judged on, looked up in the planning stage's stores: the products holding the
 * value, the order lines of the SKU, what the cart said of the value and the last outcome. The planner judges with
 * its task's stores; a preview with the same stores read through interactive queries, so both judge alike.
 */
public record PlanInputs(
        ReadOnlyKeyValueStore<String, AliasIndexChanged> aliases,
        ReadOnlyKeyValueStore<String, OrderLines> orders,
        ReadOnlyKeyValueStore<String, CartProductObserved> cartProducts,
        ReadOnlyKeyValueStore<String, CartPushRecorded> results) {

    /**
     * @param resultKey the value's key in the stage's stores (under the SKU when the product lacks the push alias)
     * @param plan empty when there is nothing to say (no level in the cart's warehouses)
     */
    public record Judged(String resultKey, Optional<CartProductObserved> cartProduct, CartPushRecorded last,
            Optional<Plan> plan) {
    }

    /** The planning stage's stores of this instance, read through interactive queries (the planner keeps writing). */
    public static PlanInputs queried(StateStores stores) {
        return new PlanInputs(stores.local(PlanStage.ALIASES), stores.local(PlanStage.ORDERS),
                stores.local(PlanStage.CART_PRODUCTS), stores.local(PlanStage.RESULTS));
    }

    public Judged judge(CartSettingsChanged cart, CartLocation place, InventoryLevelChanged level, Instant now,
            Duration holdLimit) {
        String aliasValue = level.aliases().get(cart.pushAlias());
        List<String> holders = aliasValue == null ? List.of() : holders(cart.merchantId(), cart.pushAlias(), aliasValue);
        Optional<CartProductObserved> cartProduct = aliasValue == null ? Optional.empty()
                : Optional.ofNullable(cartProducts.get(MerchantRouting.cartKey(cart.merchantId(), cart.cartId(),
                        place.location(), aliasValue)));
        String resultKey = MerchantRouting.cartKey(cart.merchantId(), cart.cartId(), place.location(),
                aliasValue == null ? level.sku() : aliasValue);
        CartPushRecorded last = results.get(resultKey);
        OrderLines lines = orders.get(Keys.sku(cart.merchantId(), level.sku()));
        return new Judged(resultKey, cartProduct, last, PlanRules.plan(cart, place, level, holders,
                lines == null ? List.of() : lines.lines(), now, holdLimit, cartProduct, Optional.ofNullable(last)));
    }

    public List<String> holders(String merchantId, String aliasName, String aliasValue) {
        AliasIndexChanged entry = aliases.get(Keys.alias(merchantId, aliasName, aliasValue));
        return entry == null ? List.of() : entry.productIds();
    }
}
