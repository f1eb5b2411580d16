package io.invsync.events;

/**
 * A per-SKU exception to a cart's rules; the first override whose {@code match} fits a product wins. {@code match}
 * is an alias value or a glob ({@code *} any run of characters, {@code ?} one character), compared with the value
 * the cart is pushed under and with the product's SKU. A field left null keeps the cart's value;
 * {@code fixedQuantity} pushes that number whatever the stock (0 stops selling a SKU; a number can open
 * pre-orders), replacing every other rule and the floor.
 */
public record RuleOverride(String match, Long buffer, Integer percent, Long maximum, Long minimumInventoryLevel,
        Long fixedQuantity) {

    public RuleOverride {
        Require.present("match", match);
    }
}
