package dev.docpipe.ingestion.document;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A document with its pages, their results' features, and its full audit trail. */
public record DocumentView(
        UUID id,
        UUID batchId,
        String bucket,
        String key,
        long sizeBytes,
        String status,
        String documentClass,
        Integer pageCount,
        int pagesDone,
        String failureReason,
        String failureStage,
        String failureDetail,
        @JsonRawValue String metadata,
        List<Page> pages,
        List<AuditEntry> audit) {

    public record Page(int number, String status, String imageKey, Integer widthPx, Integer heightPx, String model, String features) {}

    public record AuditEntry(Instant at, int page, String stage, String outcome, String service, int attempt, long durationMs, String detail) {}
}
