package io.invsync.cartpush.push;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.invsync.events.CartSettingsChanged;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The span of one call (with its retries) to a cart, in the trace of the change that caused it: a batch carries
 * several changes, so the span continues the first one's trace and links the others' (at most
 * {@link #MAX_LINKS}). Inside it, each HTTP request to the cart is observed in a child span and carries
 * that span's {@code traceparent} ({@link CartHttp}). Without a tracer (tracing off), the call runs as it is.
 */
@Component
public class CallSpans {

    static final int MAX_LINKS = 32;

    private final Tracer tracer;
    private final Propagator propagator;

    CallSpans(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable();
        this.propagator = propagator.getIfAvailable();
    }

    /** Runs {@code call} in a span under the first of {@code traceParents} (W3C; nulls ignored). */
    public <T> T around(CartSettingsChanged cart, List<String> traceParents, Supplier<T> call) {
        if (tracer == null || propagator == null) {
            return call.get();
        }
        List<String> traces = traceParents.stream().filter(Objects::nonNull).distinct().toList();
        Span.Builder builder = traces.isEmpty() ? tracer.spanBuilder()
                : propagator.extract(Map.of("traceparent", traces.get(0)), Map::get);
        builder.name("cart push").kind(Span.Kind.CLIENT)
                .tag("invsync.cart", cart == null ? "" : cart.cartId())
                .tag("invsync.cart.type", cart == null ? "" : cart.type().name())
                .tag("invsync.changes", traceParents.size());
        traces.stream().skip(1).limit(MAX_LINKS).map(this::context).filter(Objects::nonNull)
                .forEach(context -> builder.addLink(new Link(context)));
        Span span = builder.start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return call.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The trace context a W3C traceparent names ({@code 00-<trace id>-<span id>-<flags>}), null if malformed. */
    private TraceContext context(String traceParent) {
        String[] parts = traceParent.split("-");
        if (parts.length != 4 || parts[1].length() != 32 || parts[2].length() != 16) {
            return null;
        }
        return tracer.traceContextBuilder().traceId(parts[1]).spanId(parts[2])
                .sampled("01".equals(parts[3])).build();
    }
}
