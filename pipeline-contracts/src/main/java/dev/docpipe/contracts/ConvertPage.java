package dev.docpipe.contracts;

import java.util.UUID;

/**
 * Render one page to PNG. Queue: page-single.
 *
 * @param key  a single-page PDF, or an image
 * @param kind what the object holds
 */
public record ConvertPage(
        UUID batchId,
        UUID documentId,
        int pageNumber,
        String bucket,
        String key,
        SourceKind kind,
        ProcessingOptions options)
        implements DocumentScoped {}
