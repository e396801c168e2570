package dev.docpipe.core.failure;

import java.util.Optional;

/**
 * Decides, once for every service, whether a failure is final. The do-not-retry list is explicit:
 * only a {@link DocumentRejectedException} anywhere in the cause chain is final. Everything else
 * (S3 5xx, throttling, a database that is down, a timeout, a bug) is retried with backoff and, if
 * it keeps failing, lands in the dead-letter queue where the failsafe worker decides; a transient
 * fault must never fail a document.
 */
public final class FailureClassifier {

    private FailureClassifier() {}

    public static Optional<DocumentRejectedException> rejection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DocumentRejectedException rejected) {
                return Optional.of(rejected);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The innermost cause, for logs and audit detail. */
    public static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
