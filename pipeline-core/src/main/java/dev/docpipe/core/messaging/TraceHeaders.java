package dev.docpipe.core.messaging;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * The current trace context as message headers (W3C {@code traceparent}), which the SQS converter
 * sends as message attributes and the next service's listener continues. Spring Cloud AWS's
 * template observes single sends itself but not batch sends, so {@link PipelineMessenger} adds
 * these to every message of a batch: one document's trace then runs through every stage.
 */
public final class TraceHeaders {

    private static final TraceHeaders NONE = new TraceHeaders(null, null);

    private final Tracer tracer;
    private final Propagator propagator;

    private TraceHeaders(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public static TraceHeaders of(Tracer tracer, Propagator propagator) {
        return tracer == null || propagator == null ? NONE : new TraceHeaders(tracer, propagator);
    }

    /** Without tracing: no headers. */
    public static TraceHeaders none() {
        return NONE;
    }

    Map<String, Object> current() {
        Span span = tracer == null ? null : tracer.currentSpan();
        if (span == null) {
            return Map.of();
        }
        Map<String, Object> headers = new HashMap<>();
        propagator.inject(span.context(), headers, (carrier, key, value) -> carrier.put(key, value));
        return headers;
    }
}
