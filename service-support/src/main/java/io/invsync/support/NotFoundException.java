package io.invsync.support;

/** A path names something that does not exist; answered 404 naming the path variable. */
public class NotFoundException extends RuntimeException {

    private final String field;

    public NotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
