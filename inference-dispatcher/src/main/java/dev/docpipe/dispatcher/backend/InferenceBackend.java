package dev.docpipe.dispatcher.backend;

/**
 * One way of running a model on a page (SageMaker runtime, a plain HTTPS endpoint, Textract).
 * Implementations throw {@link dev.docpipe.core.failure.DocumentRejectedException} when the model
 * rejects the page itself, {@link ModelThrottledException} when the service refused the call for
 * quota (after the SDK's own retries), and let other transient faults (5xx, timeouts) propagate
 * to be retried with the listener's backoff.
 */
public interface InferenceBackend {

    /** The name batches choose this backend by ({@code ProcessingOptions.backend}). */
    String name();

    /** Runs the model on the page, or starts a job that will ({@link AsyncInferenceBackend}). */
    BackendAnswer infer(PageInput page);
}
