package io.invsync.simulator;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when a simulator received a request its vendor's published document does not allow (an unknown
 * field, a wrong type, a missing required parameter, a value over a documented maximum, an undeclared path or
 * method): {@code @ExtendWith(ConformsToVendorSpecs.class)} on every test class that talks to a spec-checked
 * simulator. What a class's static setup sent is checked after all its tests.
 */
public final class ConformsToVendorSpecs implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        failOnUnclaimed();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        failOnUnclaimed();
    }

    private static void failOnUnclaimed() {
        // body checks run after the simulator answered: wait for those the test's requests started
        Awaitility.await("checks of request bodies against the vendors' specs").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(20)).until(() -> SpecViolations.checking() == 0);
        List<SpecViolations.Violation> violations = SpecViolations.drainUnclaimed();
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " request(s) not allowed by the vendor's published spec "
                    + "(shared/vendor-specs):\n  " + violations.stream().map(Object::toString)
                            .collect(Collectors.joining("\n  ")));
        }
    }
}
