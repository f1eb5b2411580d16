package io.invsync.diagnostics.explain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.invsync.events.AliasIndexChanged;
import io.invsync.events.CartLocation;
import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.WarehouseObserved;

/**
 * Everything known about one (merchant, cart, location, alias value), gathered from the read model so that the
 * checks are a pure function of it. {@code aliases} are the matched product's aliases (null when no single product
 * matched); {@code place} is the cart's location judged ({@code cartProduct} and {@code lastResult} are of it; the
 * cart's first when not given; null without a cart). {@code vacated} is the index entry of a value no product
 * holds any more under the cart's push alias, naming the products that gave it up; null otherwise.
 */
public record Subject(String merchantId, String cartId, String aliasValue, String matchedBy, List<String> productIds,
        MerchantSettingsChanged merchant, InventoryRunRecorded lastRun, Collection<WarehouseObserved> warehouses,
        CartSettingsChanged cart, Map<String, String> aliases, InventoryLevelChanged level,
        List<CartOrderLineReceived> orders, CartProductObserved cartProduct, CartPushRecorded lastResult,
        Instant now, CartLocation place, AliasIndexChanged vacated) {

    public Subject {
        if (place == null && cart != null) {
            place = cart.locations().get(0);
        }
    }

    /** The subject at the cart's first location. */
    public Subject(String merchantId, String cartId, String aliasValue, String matchedBy, List<String> productIds,
            MerchantSettingsChanged merchant, InventoryRunRecorded lastRun, Collection<WarehouseObserved> warehouses,
            CartSettingsChanged cart, Map<String, String> aliases, InventoryLevelChanged level,
            List<CartOrderLineReceived> orders, CartProductObserved cartProduct, CartPushRecorded lastResult,
            Instant now) {
        this(merchantId, cartId, aliasValue, matchedBy, productIds, merchant, lastRun, warehouses, cart, aliases, level,
                orders, cartProduct, lastResult, now, null, null);
    }
}
