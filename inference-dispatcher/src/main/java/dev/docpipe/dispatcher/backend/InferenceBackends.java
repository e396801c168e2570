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

    /** Reading an asynchronous backend's results has its own quota: {@code quotas.<backend>-results}. */
    public static final String RESULTS_QUOTA_SUFFIX = "-results";

    private final Map<String, InferenceBackend> byName = new TreeMap<>();
    private final Map<String, Polling> pollingByName = new TreeMap<>();
    private final String defaultBackend;

    private record Polling(AsyncInferenceBackend backend, GuardedBackend guard) {}

    InferenceBackends(List<InferenceBackend> backends, InferenceProperties properties) {
        for (InferenceBackend backend : backends) {
            if (byName.put(backend.name(), new GuardedBackend(backend, properties.quotaOf(backend.name()))) != null) {
                throw new IllegalStateException("two backends are named " + backend.name());
            }
            if (backend instanceof AsyncInferenceBackend async) {
                String quota = backend.name() + RESULTS_QUOTA_SUFFIX;
                pollingByName.put(backend.name(), new Polling(async, new GuardedBackend(backend, quota, properties.quotaOf(quota))));
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

    /**
     * Reads where a job of an asynchronous backend is, within that backend's results quota.
     *
     * @throws IllegalStateException    when this dispatcher has no asynchronous backend of that name
     * @throws ModelThrottledException  when the quota or the service refused the read
     */
    public AsyncInferenceBackend.JobState poll(String backend, String jobId) {
        Polling polling = pollingByName.get(backend);
        if (polling == null) {
            throw new IllegalStateException("no asynchronous backend named '%s'; asynchronous: %s"
                    .formatted(backend, pollingByName.keySet()));
        }
        return polling.guard().call(() -> polling.backend().poll(jobId));
    }
}
