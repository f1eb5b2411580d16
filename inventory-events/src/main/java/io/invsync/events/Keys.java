package io.invsync.events;

/**
 * Record keys. Inventory flows are keyed by {@code merchantId/productId} so that every warehouse of a product
 * meets in one partition; cart flows by {@code cartId/...} so that one consumer owns a cart. Only the last
 * part of a key may itself contain a '/', which is why ids that come first are checked by {@link #requireId}.
 */
public final class Keys {

    public static final char SEPARATOR = '/';

    private Keys() {
    }

    public static String merchant(String merchantId) {
        return requireId("merchantId", merchantId);
    }

    public static String product(String merchantId, String productId) {
        return requireId("merchantId", merchantId) + SEPARATOR
                + Limits.requireLength("productId", productId, Limits.MAX_ID);
    }

    public static String warehouse(String merchantId, String warehouseId) {
        return requireId("merchantId", merchantId) + SEPARATOR
                + Limits.requireLength("warehouseId", warehouseId, Limits.MAX_ID);
    }

    public static String sku(String merchantId, String sku) {
        return requireId("merchantId", merchantId) + SEPARATOR + Limits.requireLength("sku", sku, Limits.MAX_ID);
    }

    public static String alias(String merchantId, String aliasName, String aliasValue) {
        requireId("aliasName", aliasName);
        return requireId("merchantId", merchantId) + SEPARATOR
                + Limits.requireLength("aliasName", aliasName, Limits.MAX_ALIAS_NAME) + SEPARATOR
                + Limits.requireLength("aliasValue", aliasValue, Limits.MAX_ALIAS_VALUE);
    }

    public static String run(String merchantId, String runId) {
        return requireId("merchantId", merchantId) + SEPARATOR + Limits.requireLength("runId", runId, Limits.MAX_ID);
    }

    public static String cart(String cartId) {
        return requireId("cartId", cartId);
    }

    /**
     * A value of a cart at one of its locations: {@code cartId/location/aliasValue}. A cart-side location id may
     * itself hold '/' (a Shopify gid): it is written with '%' as {@code %25} and '/' as {@code %2F}, so the key's
     * parts stay apart and the alias value stays the last part.
     */
    public static String cartValue(String cartId, String location, String aliasValue) {
        return cartLocation(cartId, location) + SEPARATOR
                + Limits.requireLength("aliasValue", aliasValue, Limits.MAX_ALIAS_VALUE);
    }

    /** The prefix part of a cart's location: {@code cartId/location}, the location escaped as in {@link #cartValue}. */
    public static String cartLocation(String cartId, String location) {
        requirePresent("location", location);
        Limits.requireLength("location", location, Limits.MAX_LOCATION);
        return requireId("cartId", cartId) + SEPARATOR + location.replace("%", "%25").replace("/", "%2F");
    }

    /** The part of a key before the first separator: the merchant or cart that owns the record. */
    public static String owner(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? key : key.substring(0, at);
    }

    /**
     * An id that leads a key: present, at most {@value Limits#MAX_ID} characters, without the separator, blanks or
     * control characters.
     */
    public static String requireId(String field, String value) {
        requirePresent(field, value);
        boolean clean = value.length() <= Limits.MAX_ID && value.codePoints()
                .noneMatch(c -> c == SEPARATOR || Character.isWhitespace(c) || Character.isISOControl(c));
        if (!clean) {
            throw new InvalidFieldException(field, "must be at most " + Limits.MAX_ID + " characters without '/', "
                    + "blanks or control characters, was " + Limits.quote(value));
        }
        return value;
    }

    public static String requirePresent(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "is required");
        }
        return value;
    }
}
