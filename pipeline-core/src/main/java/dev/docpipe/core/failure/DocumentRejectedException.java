package dev.docpipe.core.failure;

import dev.docpipe.contracts.FailureReason;

/**
 * The input itself is unusable: retrying cannot help. The listener machinery ends the document
 * FAILED with {@link #reason()} at once and acknowledges the message, so there is no retry storm.
 */
public class DocumentRejectedException extends RuntimeException {

    private final FailureReason reason;

    public DocumentRejectedException(FailureReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public DocumentRejectedException(FailureReason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }
}
