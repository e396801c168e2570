package dev.docpipe.ingestion.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A batch as the API shows it. {@code documents.listed = completed + failed + inFlight} holds at
 * every moment: the reconciliation a user can check.
 */
public record BatchView(
        UUID id,
        String status,
        String bucket,
        List<String> prefixes,
        Map<String, Object> options,
        Instant createdAt,
        Instant completedAt,
        Documents documents,
        Pages pages,
        List<FailureCount> failures,
        Throughput throughput,
        String failureDetail) {

    public record Documents(int listed, int completed, int failed, int inFlight, boolean listingComplete) {}

    public record Pages(long total, long inferred) {}

    public record FailureCount(String reason, String stage, long documents) {}

    public record Throughput(double elapsedSeconds, double pagesPerSecond) {}
}
