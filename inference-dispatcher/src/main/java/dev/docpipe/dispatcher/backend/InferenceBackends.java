package dev.docpipe.dispatcher.backend;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The backends this dispatcher has, each behind its quota, and the choice of one per batch: the
 * batch's own choice, or the configured default.
 */
@Component
public class InferenceBackends {

    private final Map<String, InferenceBackend> byName = new TreeMap<>();
    private final String defaultBackend;

    InferenceBackends(List<InferenceBackend> backends, InferenceProperties properties) {
        for (InferenceBackend backend : backends) {
            if (byName.put(backend.name(), new GuardedBackend(backend, properties.quotaOf(backend.name()))) != null) {
                throw new IllegalStateException("two backends are named " + backend.name());
            }
        }
        this.defaultBackend = properties.defaultBackend();
        if (!byName.containsKey(defaultBackend)) {
            throw new IllegalStateException("the default backend '%s' is not configured; configured: %s"
                    .formatted(defaultBackend, byName.keySet()));
        }
    }

    /**
     * The backend a batch chose, or the default when it chose none.
     *
     * @throws DocumentRejectedException INFERENCE_REJECTED when this dispatcher has no such backend:
     *     every retry would meet the same configuration
     */
    public InferenceBackend forBatch(String chosen) {
        String name = chosen == null ? defaultBackend : chosen;
        InferenceBackend backend = byName.get(name);
        if (backend == null) {
            throw new DocumentRejectedException(FailureReason.INFERENCE_REJECTED,
                    "the batch chose backend '%s', which this dispatcher does not have; it has %s".formatted(name, byName.keySet()));
        }
        return backend;
    }
}
