package io.invsync.support;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/**
 * The W3C {@code traceparent} of a change, carried in its records' headers from the WMS request that brought it to
 * the call that pushes it to the cart: records sent while a span is current (an API request's, a schedule's) carry
 * it; Kafka Streams passes a record's headers on to the records it causes; cart-push-service keeps it with each
 * push and starts the cart call's span under it. One trace per change, whichever services and topics it crosses.
 */
public final class TraceHeaders {

    public static final String TRACEPARENT = "traceparent";

    private TraceHeaders() {
    }

    /** Adds the current span's traceparent, unless there is no current span or the record has one already. */
    public static void inject(Headers headers) {
        if (headers.lastHeader(TRACEPARENT) != null) {
            return;
        }
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers,
                (carrier, key, value) -> carrier.add(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The record's traceparent, or null. */
    public static String traceParent(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(TRACEPARENT);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Headers carrying {@code traceParent} (none when it is null). */
    public static Headers of(String traceParent) {
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        if (traceParent != null) {
            headers.add(TRACEPARENT, traceParent.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }
}
