package dev.docpipe.core.audit;

/** How one attempt at a stage ended. */
public enum Outcome {
    SUCCEEDED,
    /** A transient fault; the message will be redelivered after a backoff. */
    RETRYING,
    /** Terminal: the document (or page) ended FAILED; the detail carries the reason code. */
    FAILED,
    /** A redelivered message whose effect was already recorded; nothing changed. */
    DUPLICATE,
    /** Deferred on purpose (the model throttled): a delayed copy of the message was queued. */
    REQUEUED,
    /** The batch is paused: the message was kept in the database, to be sent again on resume. */
    PARKED,
    /**
     * Passed over on purpose, with the reason in the detail: a cancelled batch's message, dropped
     * without work, or an object announced by S3 that is no document to ingest (outside every
     * configured prefix, a folder marker, empty, in a bucket not on the allowlist).
     */
    SKIPPED
}
