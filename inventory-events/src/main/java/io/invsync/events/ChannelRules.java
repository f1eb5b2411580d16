package io.invsync.events;

/**
 * A cart's channel rules (DESIGN §1), applied in this order to the quantity left after in-flight orders: hold
 * {@code buffer} units back, offer {@code percent} of the rest (rounded down), cap it at {@code maximum}. A null
 * field is the rule's default: buffer 0, percent 100, no maximum.
 */
public record ChannelRules(Long buffer, Integer percent, Long maximum) {

    /** No rule: the whole quantity is offered. */
    public static final ChannelRules NONE = new ChannelRules(null, null, null);

    public long bufferOrDefault() {
        return buffer == null ? 0 : buffer;
    }

    public int percentOrDefault() {
        return percent == null ? 100 : percent;
    }

    public boolean any() {
        return buffer != null || percent != null || maximum != null;
    }
}
