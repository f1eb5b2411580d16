package io.invsync.simulator;

import java.util.List;
import java.util.Map;

/**
 * A vendor's published contract, holding one request a simulator received up against it: first what the simulator
 * needs to know before it answers, then — after the answer went out — what is slow to check.
 */
interface SpecCheck {

    /** What in the request the vendor's document does not allow; empty when it conforms (so far). */
    List<String> violations(Request request);

    /**
     * What in the request's body the document does not allow, where {@link #violations} left the body out: a JSON
     * Schema check of a 2000-item batch takes seconds in a cold JVM, longer than a connector waits for an answer.
     */
    default List<String> bodyViolations(Request request) {
        return List.of();
    }

    /** For a vendor that publishes no machine-readable specification (WooCommerce, webhooks): nothing to check. */
    SpecCheck UNPUBLISHED = request -> List.of();

    /** One request as it arrived: headers as received, the path and the query undecoded. */
    record Request(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

        String describe() {
            return method + " " + path + (rawQuery == null ? "" : "?" + rawQuery);
        }
    }
}
