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
    /** The batch was cancelled: the message was dropped without work. */
    SKIPPED
}
