package io.invsync.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests a simulator received that its vendor's published document does not allow. Each is logged (in
 * local-stack's demo that is all that happens) and kept, both here and in one JVM-wide list that
 * {@link ConformsToVendorSpecs} empties after each test, failing the test when it held any. A test that sends a
 * non-conforming request on purpose takes its violations with {@link #take()}.
 */
public final class SpecViolations {

    static final Logger LOG = LoggerFactory.getLogger(SpecViolations.class);

    private static final Queue<Violation> UNCLAIMED = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger CHECKING = new AtomicInteger();

    private final String vendor;
    private final Queue<Violation> recorded = new ConcurrentLinkedQueue<>();

    SpecViolations(String vendor) {
        this.vendor = vendor;
    }

    /** One request and what its vendor's document says against it. */
    public record Violation(SpecViolations owner, String vendor, String request, List<String> problems) {

        @Override
        public String toString() {
            return vendor + " " + request + ": " + String.join("; ", problems);
        }
    }

    /** Checks the request (but what is left for {@link #checkBody}); records and returns what is wrong with it. */
    List<String> check(SpecCheck check, SpecCheck.Request request) {
        return record(request, () -> check.violations(request));
    }

    /** The rest of the check, once the simulator answered; while it runs, {@link #checking()} counts it. */
    void checkBody(SpecCheck check, SpecCheck.Request request) {
        CHECKING.incrementAndGet();
        try {
            record(request, () -> check.bodyViolations(request));
        } finally {
            CHECKING.decrementAndGet();
        }
    }

    /** Body checks still running, anywhere in the JVM. */
    static int checking() {
        return CHECKING.get();
    }

    private List<String> record(SpecCheck.Request request, Supplier<List<String>> check) {
        List<String> problems;
        try {
            problems = check.get();
        } catch (RuntimeException e) {
            problems = List.of("the request could not be checked against the spec: " + e);
        }
        if (!problems.isEmpty()) {
            Violation violation = new Violation(this, vendor, request.describe(), List.copyOf(problems));
            LOG.warn("request not allowed by {}'s published spec: {}", vendor, violation);
            recorded.add(violation);
            UNCLAIMED.add(violation);
        }
        return problems;
    }

    /** Every violation this simulator recorded. */
    public List<Violation> all() {
        return List.copyOf(recorded);
    }

    /** Takes this simulator's violations no test has claimed yet, so that they do not fail the test. */
    public List<Violation> take() {
        List<Violation> taken = new ArrayList<>();
        UNCLAIMED.removeIf(v -> {
            if (v.owner() == this) {
                taken.add(v);
                return true;
            }
            return false;
        });
        return taken;
    }

    /** Empties the JVM-wide list of violations no test claimed. */
    static List<Violation> drainUnclaimed() {
        List<Violation> drained = new ArrayList<>();
        for (Violation v; (v = UNCLAIMED.poll()) != null; ) {
            drained.add(v);
        }
        return drained;
    }
}
