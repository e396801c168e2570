package dev.docpipe.contracts;

import java.util.UUID;

/**
 * A message about one document, or one page of it. The shared listener machinery uses these ids
 * for the log context and to end the document FAILED when its message cannot be processed.
 */
public interface DocumentScoped {

    /** The batch, when the message knows it; {@code null} otherwise (it is then looked up). */
    UUID batchId();

    UUID documentId();

    /** The 1-based page number, or 0 when the message concerns the whole document. */
    default int pageNumber() {
        return 0;
    }
}
