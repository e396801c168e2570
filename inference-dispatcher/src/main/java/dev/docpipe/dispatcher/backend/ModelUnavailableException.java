package dev.docpipe.dispatcher.backend;

/**
 * The model service failed for reasons of its own (a 5xx, an unreachable endpoint, an expired
 * key): transient for the page, which the listener retries with backoff and, if it keeps failing,
 * the dead-letter queue ends.
 */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String detail) {
        super(detail);
    }

    public ModelUnavailableException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
