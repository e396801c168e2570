package dev.docpipe.ingestion.report;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a batch did, for people and for tools: its counts, failures by reason, pages and
 * documents with and without each feature, counts by a file-name metadata dimension, pages per
 * minute and the time each stage took. Every part comes from a documented SQL view (see the
 * README), so a BI tool reading the database sees the same numbers.
 */
public record BatchReport(
        UUID batchId,
        String status,
        String model,
        Instant createdAt,
        Instant completedAt,
        double elapsedSeconds,
        Documents documents,
        Pages pages,
        List<Failure> failures,
        List<Feature> features,
        List<String> dimensions,
        Dimension dimension,
        List<Minute> throughput,
        List<StageLatency> stages) {

    public record Documents(long listed, long completed, long failed, long cancelled, long inFlight) {}

    public record Pages(long total, long inferred, long failed, long quarantined, double perSecond) {}

    /** @param scope {@code document} or {@code page} */
    public record Failure(String scope, String reason, String stage, long count) {}

    public record Feature(String feature, long pagesWith, long pagesWithout, long documentsWith, long documentsWithout) {}

    /** Counts by the values of one file-name dimension (asked with {@code ?by=}). */
    public record Dimension(String name, List<DimensionValue> values) {}

    public record DimensionValue(String value, long documents, long completed, long failed, long pages) {}

    public record Minute(Instant minute, long pages) {}

    public record StageLatency(String stage, long events, long notSucceeded, double p50Ms, double p95Ms, long maxMs) {}
}
