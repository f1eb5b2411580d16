package io.invsync.events;

/** A field of an event or key is missing or malformed; the message names the field. */
public class InvalidFieldException extends IllegalArgumentException {

    private final String field;

    public InvalidFieldException(String field, String fault) {
        super(field + " " + fault);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
