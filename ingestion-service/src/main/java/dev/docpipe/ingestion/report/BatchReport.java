package dev.docpipe.ingestion.report;

import dev.docpipe.ingestion.cost.CostEstimate;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a batch did, for people and for tools: its counts, failures by reason, pages with and
 * without each feature, counts by a file-name metadata dimension, pages per minute and the time
 * each stage took. All but the dimension come from the counters the database keeps as rows
 * change (V6, V9), so the report of ten million pages costs what the report of ten does; the
 * documented SQL views compute the same figures from the rows, for BI tools.
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
        List<StageLatency> stages,
        CostEstimate cost) {

    public record Documents(long listed, long completed, long failed, long cancelled, long inFlight) {}

    public record Pages(long total, long inferred, long failed, long quarantined, double perSecond) {}

    /** @param scope {@code document} or {@code page} */
    public record Failure(String scope, String reason, String stage, long count) {}

    /**
     * Pages with and without a feature, of the pages with a result. (Documents with and without
     * it are in the {@code report_feature} view: counting them takes a scan.)
     */
    public record Feature(String feature, long pagesWith, long pagesWithout) {}

    /** Counts by the values of one file-name dimension (asked with {@code ?by=}). */
    public record Dimension(String name, List<DimensionValue> values) {}

    public record DimensionValue(String value, long documents, long completed, long failed, long pages) {}

    public record Minute(Instant minute, long pages) {}

    /** Times are read from counters by duration bucket, so they are upper bounds within 19 %. */
    public record StageLatency(String stage, long events, long notSucceeded, double p50Ms, double p95Ms, long maxMs) {}
}
