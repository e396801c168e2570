package dev.docpipe.contracts;

/** The pipeline stages, as recorded in the audit trail. */
public enum Stage {
    INGESTION,
    CLASSIFICATION,
    LARGE_SPLIT,
    SMALL_SPLIT,
    CONVERSION,
    INFERENCE,
    FAILSAFE
}
