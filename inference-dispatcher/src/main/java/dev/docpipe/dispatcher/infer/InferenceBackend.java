package dev.docpipe.dispatcher.infer;

/**
 * One way of running a model on a page. Implementations throw
 * {@link dev.docpipe.core.failure.DocumentRejectedException} when the model rejects the page
 * itself, and let transient faults (throttling, 5xx, timeouts) propagate to be retried.
 */
interface InferenceBackend {

    ModelOutput infer(String model, byte[] pageImage);
}
