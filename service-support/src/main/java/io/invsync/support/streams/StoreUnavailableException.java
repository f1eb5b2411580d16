package io.invsync.support.streams;

/** The state cannot be queried now (Streams is starting, rebalancing or stopped, or another instance did not answer): 503. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
