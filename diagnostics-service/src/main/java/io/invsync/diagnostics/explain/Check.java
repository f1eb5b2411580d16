package io.invsync.diagnostics.explain;

import java.util.Map;

/**
 * One line of the troubleshooting checklist: what was seen ({@code finding}, with numbers and times) and which
 * setting or record to change ({@code remedy}, null when nothing needs changing).
 */
public record Check(CheckId id, Status status, String finding, String remedy, Map<String, Object> evidence) {

    public enum Status { PASS, FAIL, WARN, SKIP }

    static Check pass(CheckId id, String finding, Map<String, Object> evidence) {
        return new Check(id, Status.PASS, finding, null, evidence);
    }

    static Check fail(CheckId id, String finding, String remedy, Map<String, Object> evidence) {
        return new Check(id, Status.FAIL, finding, remedy, evidence);
    }

    static Check warn(CheckId id, String finding, String remedy, Map<String, Object> evidence) {
        return new Check(id, Status.WARN, finding, remedy, evidence);
    }

    static Check skip(CheckId id, String finding) {
        return new Check(id, Status.SKIP, finding, null, Map.of());
    }
}
