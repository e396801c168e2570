package dev.docpipe.contracts;

import java.util.UUID;

/**
 * Split a chunk (or a whole SMALL document) into single pages. Queue: chunk-small.
 *
 * @param firstPage the document's page number of the chunk's first page (1-based)
 * @param pageCount how many pages the chunk holds
 */
public record SplitChunk(
        UUID batchId,
        UUID documentId,
        String bucket,
        String key,
        int firstPage,
        int pageCount,
        ProcessingOptions options)
        implements DocumentScoped {}
