package dev.docpipe.ingestion.batch;

import dev.docpipe.ingestion.cost.CostEstimate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A batch as the API shows it. {@code documents.listed = completed + failed + inFlight} holds at
 * every moment: the reconciliation a user can check. Every count comes from counters kept as
 * rows change (the batch row and the {@code batch_tally} the database maintains), never from a
 * scan of the batch's documents, so the answer costs the same for ten documents or ten million.
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
        String failureDetail,
        List<FailureCount> pageFailures,
        CostEstimate cost) {

    /**
     * @param cancelled documents ended by cancelling the batch
     * @param byStatus  documents by their current status, every status that has any
     */
    public record Documents(int listed, int completed, int failed, int cancelled, int inFlight, boolean listingComplete,
            Map<String, Long> byStatus) {}

    /**
     * @param failed   pages that failed alone while their document completed (salvaged)
     * @param byStatus page rows by status: CONVERTED (rendered, waiting for the model), INFERRED,
     *     FAILED, QUARANTINED
     */
    public record Pages(long total, long inferred, long failed, Map<String, Long> byStatus) {}

    /**
     * The batch's own counters checked against the counts the database keeps by status:
     * {@code exact} when both agree and every document is completed, failed or in flight. A full
     * scan of the rows is {@code GET /batches/{id}/reconciliation}.
     *
     * @param quiet documents in flight that made no progress for 30 minutes (counted up to
     *     10,000); the failsafe worker re-drives them once the pipeline's queues are empty
     */
    public record Reconciliation(long documents, long completed, long failed, long inFlight, long quiet, boolean exact) {}

    public record FailureCount(String reason, String stage, long documents) {}

    /**
     * @param etaSeconds the time left for the pages known but not done at the rate so far; null
     *     while the batch is listing (its total is not known yet), has no rate, or is not running
     */
    public record Throughput(double elapsedSeconds, double pagesPerSecond, Long etaSeconds) {}
}
