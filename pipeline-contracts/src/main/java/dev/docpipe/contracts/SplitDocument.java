package dev.docpipe.contracts;

import java.util.UUID;

/** Split a LARGE document into chunks of at most N pages. Queue: chunk-large. */
public record SplitDocument(
        UUID batchId, UUID documentId, String bucket, String key, int pageCount, ProcessingOptions options)
        implements DocumentScoped {}
