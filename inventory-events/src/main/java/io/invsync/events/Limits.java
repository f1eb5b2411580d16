package io.invsync.events;

import java.time.Duration;
import java.time.Instant;

/**
 * The bounds every service applies to what it takes in (DESIGN §7), written once: ids, alias names and values,
 * reasons, the warehouses of a product, the size of an event. A value that breaks one is refused with its field;
 * an error never echoes it in full ({@link #quote}).
 */
public final class Limits {

    /** merchantId, cartId, productId, warehouseId, sku, orderId, location. */
    public static final int MAX_ID = 128;
    public static final int MAX_ALIAS_NAME = 64;
    public static final int MAX_ALIAS_VALUE = 256;
    /** A cart-side location id (a Shopify gid, a BigCommerce id, a Magento source code). */
    public static final int MAX_LOCATION = 200;
    /** A reason kept in an event (a cart's rejection, say) is cut to this length. */
    public static final int MAX_REASON = 1024;
    public static final int MAX_WAREHOUSES = 1000;
    /** The components of one kit (DESIGN §7). */
    public static final int MAX_COMPONENTS = 100;
    /** How many of one component a kit holds. */
    public static final long MAX_COMPONENT_QUANTITY = 1_000_000L;
    public static final int MAX_EVENT_BYTES = 256 * 1024;
    /** How much of a refused value an error shows. */
    static final int QUOTED = 40;

    private Limits() {
    }

    /** Present and at most {@code max} characters. */
    public static String requireLength(String field, String value, int max) {
        Keys.requirePresent(field, value);
        if (value.length() > max) {
            throw new InvalidFieldException(field, "must be at most " + max + " characters, was " + quote(value));
        }
        return value;
    }

    /**
     * The clock rule: an instant more than {@code skew} ahead of {@code now} is refused. State only moves forward in
     * observedAt, so one observation dated 2999 would otherwise freeze a level for good.
     */
    public static Instant requireNotFuture(String field, Instant value, Instant now, Duration skew) {
        if (value != null && value.isAfter(now.plus(skew))) {
            throw new InvalidFieldException(field, "is " + Duration.between(now, value).withNanos(0)
                    + " in the future (" + value + "); at most " + skew + " ahead of invsync's clock is accepted");
        }
        return value;
    }

    /**
     * A value for an error message: quoted, control characters shown as '?', and when long only its first
     * {@value #QUOTED} characters and its length ({@code 'AAAA…' (2097152 characters)}).
     */
    public static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        String shown = text.length() <= QUOTED ? text : text.substring(0, QUOTED);
        shown = shown.replaceAll("\\p{Cntrl}", "?");
        return text.length() <= QUOTED ? "'" + shown + "'" : "'" + shown + "…' (" + text.length() + " characters)";
    }

    /** A reason to keep in an event: at most {@link #MAX_REASON} characters, cut with an ellipsis. */
    public static String truncateReason(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
