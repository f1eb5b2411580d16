package io.invsync.events;

public enum RunStatus {
    RUNNING, SUCCEEDED, PARTIAL, FAILED;

    public boolean finished() {
        return this != RUNNING;
    }
}
