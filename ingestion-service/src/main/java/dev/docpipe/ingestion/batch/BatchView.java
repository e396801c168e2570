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
        Reconciliation reconciliation,
        List<FailureCount> failures,
        Throughput throughput,
        String failureDetail) {

    public record Documents(int listed, int completed, int failed, int inFlight, boolean listingComplete) {}

    /** @param failed pages that failed alone while their document completed (salvaged) */
    public record Pages(long total, long inferred, long failed) {}

    /**
     * The batch's counters checked against the document rows: {@code exact} when every counter
     * equals the rows it counts and every row is completed, failed or in flight.
     *
     * @param quiet documents in flight that made no progress for 30 minutes; the failsafe worker
     *     re-drives them once the pipeline's queues are empty
     */
    public record Reconciliation(long documents, long completed, long failed, long inFlight, long quiet, boolean exact) {}

    public record FailureCount(String reason, String stage, long documents) {}

    public record Throughput(double elapsedSeconds, double pagesPerSecond) {}
}
