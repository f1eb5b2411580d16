package io.invsync.inventory.publish;

/**
 * A product whose level is due to be published: the run of the last change that made it due (null when not known)
 * and that change's record timestamp, which the published level keeps.
 */
record DueLevel(String runId, long timestamp) {
}
