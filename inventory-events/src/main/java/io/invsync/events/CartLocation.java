package io.invsync.events;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * One place where a cart keeps stock, and the warehouses whose available quantities are summed into it. A
 * warehouse may feed several locations; one that feeds none is not offered in this cart.
 *
 * @param location the cart-side id: a Shopify location id, a BigCommerce location id, a Magento source code, an
 *        Amazon fulfillment channel code ({@code DEFAULT}, merchant fulfilled); {@value #DEFAULT_LOCATION} where the
 *        cart has only one
 * @param warehouses warehouse ids, or {@code ["ALL"]} (JSON may say {@code "ALL"}): every warehouse of the merchant
 */
public record CartLocation(
        String location,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> warehouses) {

    /** The location of a cart whose settings name none. */
    public static final String DEFAULT_LOCATION = "DEFAULT";

    public CartLocation {
        location = location == null || location.isBlank() ? DEFAULT_LOCATION : location;
        warehouses = warehouses == null || warehouses.isEmpty() ? List.of(CartSettingsChanged.ALL_WAREHOUSES)
                : List.copyOf(warehouses);
    }

    /** Whether every warehouse of the merchant feeds this location. */
    public boolean allWarehouses() {
        return warehouses.contains(CartSettingsChanged.ALL_WAREHOUSES);
    }

    /** Whether the warehouse feeds this location. */
    public boolean fedBy(String warehouseId) {
        return allWarehouses() || warehouses.contains(warehouseId);
    }
}
