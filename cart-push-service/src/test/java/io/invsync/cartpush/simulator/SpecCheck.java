package io.invsync.cartpush.simulator;

import java.util.List;
import java.util.Map;

/** A vendor's published contract, holding one request a simulator received up against it. */
interface SpecCheck {

    /** What in the request the vendor's document does not allow; empty when it conforms. */
    List<String> violations(Request request);

    /** For a vendor that publishes no machine-readable specification (WooCommerce, webhooks): nothing to check. */
    SpecCheck UNPUBLISHED = request -> List.of();

    /** One request as it arrived: headers as received, the path and the query undecoded. */
    record Request(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

        String describe() {
            return method + " " + path + (rawQuery == null ? "" : "?" + rawQuery);
        }
    }
}
