package io.invsync.events;

/** Checks used by the events' compact constructors, so that a record never exists without its identity. */
final class Require {

    private Require() {
    }

    static <T> T present(String field, T value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new InvalidFieldException(field, "is required");
        }
        return value;
    }
}
