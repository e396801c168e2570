package dev.docpipe.dispatcher.backend;

import java.time.Duration;
import java.util.Optional;

/**
 * The backend refused the call for quota: the service said so (ThrottlingException,
 * ProvisionedThroughputExceededException, HTTP 429) after the SDK's adaptive retries, or the
 * dispatcher's own rate or concurrency limit had no permit in time. Never the page's fault, so
 * it never fails a document: the page is re-queued with a delay instead.
 */
public class ModelThrottledException extends RuntimeException {

    private final String backend;
    private final Duration retryAfter;

    public ModelThrottledException(String backend, String detail, Duration retryAfter, Throwable cause) {
        super(detail, cause);
        this.backend = backend;
        this.retryAfter = retryAfter;
    }

    public ModelThrottledException(String backend, String detail, Throwable cause) {
        this(backend, detail, null, cause);
    }

    public String backend() {
        return backend;
    }

    /** How long the service asked us to wait (an HTTP {@code Retry-After}), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
