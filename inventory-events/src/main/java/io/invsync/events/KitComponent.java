package io.invsync.events;

/**
 * One component of a kit: {@code quantity} units of the product whose SKU is {@code sku} go into one kit. Named by
 * SKU, as the WMS names it; inventory-service resolves it to a product through the SKU alias within the merchant.
 */
public record KitComponent(String sku, long quantity) {

    public KitComponent {
        Limits.requireLength("sku", sku, Limits.MAX_ID);
        if (quantity < 1 || quantity > Limits.MAX_COMPONENT_QUANTITY) {
            throw new InvalidFieldException("quantity", "must be from 1 to " + Limits.MAX_COMPONENT_QUANTITY
                    + ", was " + quantity);
        }
    }
}
