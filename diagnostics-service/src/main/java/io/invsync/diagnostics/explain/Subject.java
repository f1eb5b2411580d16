package io.invsync.diagnostics.explain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.invsync.events.CartOrderLineReceived;
import io.invsync.events.CartProductObserved;
import io.invsync.events.CartPushRecorded;
import io.invsync.events.CartSettingsChanged;
import io.invsync.events.InventoryLevelChanged;
import io.invsync.events.InventoryRunRecorded;
import io.invsync.events.MerchantSettingsChanged;
import io.invsync.events.WarehouseObserved;

/**
 * Everything known about one (merchant, cart, alias value), gathered from the read model so that the checks are a
 * pure function of it. {@code aliases} are the matched product's aliases (null when no single product matched).
 */
public record Subject(String merchantId, String cartId, String aliasValue, String matchedBy, List<String> productIds,
        MerchantSettingsChanged merchant, InventoryRunRecorded lastRun, Collection<WarehouseObserved> warehouses,
        CartSettingsChanged cart, Map<String, String> aliases, InventoryLevelChanged level,
        List<CartOrderLineReceived> orders, CartProductObserved cartProduct, CartPushRecorded lastResult,
        Instant now) {
}
