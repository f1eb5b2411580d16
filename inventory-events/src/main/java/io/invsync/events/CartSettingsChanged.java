package io.invsync.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A cart's settings, as saved. {@code credentialsRef} names a secret only cart-push-service resolves.
 * {@code locations} is never empty: settings that give only the shorthand ({@code location}, {@code syncWarehouse})
 * have the one location it names; {@code rules} is never null ({@link ChannelRules#NONE}).
 */
public record CartSettingsChanged(
        String cartId,
        String merchantId,
        CartType type,
        String baseUrl,
        String location,
        String credentialsRef,
        boolean inventoryUploadEnabled,
        String syncWarehouse,
        String pushAlias,
        long minimumInventoryLevel,
        Instant observedAt,
        List<CartLocation> locations,
        ChannelRules rules,
        List<RuleOverride> ruleOverrides) {

    /** {@code syncWarehouse} value meaning the sum over every warehouse. */
    public static final String ALL_WAREHOUSES = "ALL";

    public CartSettingsChanged {
        Require.present("cartId", cartId);
        Require.present("merchantId", merchantId);
        Require.present("type", type);
        Require.present("observedAt", observedAt);
        syncWarehouse = syncWarehouse == null || syncWarehouse.isBlank() ? ALL_WAREHOUSES : syncWarehouse;
        pushAlias = pushAlias == null || pushAlias.isBlank() ? ProductObserved.SKU_ALIAS : pushAlias;
        locations = locations == null || locations.isEmpty()
                ? List.of(new CartLocation(location, List.of(syncWarehouse))) : List.copyOf(locations);
        rules = rules == null ? ChannelRules.NONE : rules;
        ruleOverrides = ruleOverrides == null ? List.of() : List.copyOf(ruleOverrides);
    }

    /** Settings with one location (the shorthand), no channel rules and no overrides. */
    public CartSettingsChanged(String cartId, String merchantId, CartType type, String baseUrl, String location,
            String credentialsRef, boolean inventoryUploadEnabled, String syncWarehouse, String pushAlias,
            long minimumInventoryLevel, Instant observedAt) {
        this(cartId, merchantId, type, baseUrl, location, credentialsRef, inventoryUploadEnabled, syncWarehouse,
                pushAlias, minimumInventoryLevel, observedAt, null, null, null);
    }

    /**
     * These settings narrowed to one of their locations: what a connector writes to or reads from ({@code location}
     * is that location's cart-side id; a cart's single unnamed location keeps the shorthand's).
     */
    public CartSettingsChanged at(CartLocation place) {
        String cartSide = CartLocation.DEFAULT_LOCATION.equals(place.location()) ? location : place.location();
        return new CartSettingsChanged(cartId, merchantId, type, baseUrl, cartSide, credentialsRef,
                inventoryUploadEnabled, syncWarehouse, pushAlias, minimumInventoryLevel, observedAt, List.of(place),
                rules, ruleOverrides);
    }

    /** The location with that cart-side id, if the cart has it. */
    public Optional<CartLocation> location(String id) {
        return locations.stream().filter(place -> place.location().equals(id)).findFirst();
    }
}
