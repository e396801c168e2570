package dev.docpipe.contracts;

/** Why a document or a page ended FAILED. Stored by name: add values, never rename one. */
public enum FailureReason {
    /** The object has no bytes. */
    EMPTY_FILE,
    /** The content is neither a PDF nor a supported image. */
    NOT_A_PDF,
    /** The structure could not be read (truncated, damaged cross-references, bad streams). */
    CORRUPT,
    /** The document needs a password. */
    ENCRYPTED,
    /** Over the configured size limit. */
    TOO_LARGE,
    /** Over the configured page limit. */
    TOO_MANY_PAGES,
    /** A page whose pixel size exceeds the cap even at the lowest resolution. */
    PAGE_TOO_LARGE,
    /** An image that could not be decoded. */
    UNSUPPORTED_IMAGE,
    /** Parsing or rendering took longer than its bound. */
    TIMEOUT,
    /** Parsing or rendering exhausted its memory bound. */
    OUT_OF_MEMORY,
    /** The object listed in the batch no longer exists. */
    SOURCE_MISSING,
    /** The model rejected the page. */
    INFERENCE_REJECTED,
    /** Every retry failed; the message reached a dead-letter queue. */
    RETRIES_EXHAUSTED
}
