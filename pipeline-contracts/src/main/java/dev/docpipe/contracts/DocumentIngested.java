package dev.docpipe.contracts;

import java.util.UUID;

/** Ingestion listed a document and recorded it; the orchestrator classifies it next. Queue: ingest. */
public record DocumentIngested(
        UUID batchId, UUID documentId, String bucket, String key, long sizeBytes, ProcessingOptions options)
        implements DocumentScoped {}
