package io.invsync.diagnostics.model;

import org.springframework.stereotype.Component;

/**
 * Whether the read model has read every topic up to where it ended when the service started. Until then a cart
 * looks unsynced only because its results have not been read yet, so metrics derived from the model wait for it.
 */
@Component
public class ReadModelCatchUp {

    private volatile boolean loaded;

    /** Told by the table reader after each poll. */
    void tablesRead(boolean caughtUp) {
        loaded = caughtUp;
    }

    public boolean loaded() {
        return loaded;
    }
}
