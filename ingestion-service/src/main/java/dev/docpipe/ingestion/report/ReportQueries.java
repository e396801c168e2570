package dev.docpipe.ingestion.report;

import dev.docpipe.ingestion.batch.BatchQueries;
import dev.docpipe.ingestion.batch.FileNameMetadata;
import dev.docpipe.ingestion.batch.Tally;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads a batch's report from its counters (the batch row and {@code batch_tally}), except the
 * counts by a file-name dimension, which group the batch's documents when asked for.
 */
@Repository
class ReportQueries {

    static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    private final JdbcClient jdbc;
    private final BatchQueries batches;

    ReportQueries(JdbcClient jdbc, BatchQueries batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    Optional<BatchReport> report(UUID batchId, String dimension) {
        return jdbc.sql("""
                        SELECT status, options ->> 'model' AS model, created_at, completed_at, document_count, completed_count,
                               failed_count, cancelled_count, metadata_pattern
                          FROM batch WHERE id = :id""")
                .param("id", batchId)
                .query((rs, n) -> {
                    Instant created = rs.getTimestamp("created_at").toInstant();
                    Timestamp completed = rs.getTimestamp("completed_at");
                    Instant end = completed == null ? Instant.now() : completed.toInstant();
                    double elapsed = Math.max(0, (end.toEpochMilli() - created.toEpochMilli()) / 1000.0);
                    Tally tally = batches.tally(batchId);
                    long inFlight = tally.names("documents").entrySet().stream()
                            .filter(e -> !TERMINAL.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
                    long inferred = tally.value("pages", "inferred");
                    String pattern = rs.getString("metadata_pattern");
                    return new BatchReport(batchId, rs.getString("status"), rs.getString("model"), created,
                            completed == null ? null : completed.toInstant(), Math.round(elapsed * 10) / 10.0,
                            new BatchReport.Documents(rs.getLong("document_count"), rs.getLong("completed_count"),
                                    rs.getLong("failed_count"), rs.getLong("cancelled_count"), inFlight),
                            new BatchReport.Pages(tally.value("pages", "total"), inferred, tally.value("pages", "failed"),
                                    tally.value("page_status", "QUARANTINED"), elapsed > 0 ? Math.round(inferred / elapsed * 100) / 100.0 : 0),
                            failures(tally), features(batchId, tally),
                            pattern == null ? List.of() : FileNameMetadata.compile(pattern).dimensions(),
                            dimension == null ? null : new BatchReport.Dimension(dimension, dimension(batchId, dimension)),
                            throughput(tally), stages(tally), batches.cost(tally, rs.getLong("document_count")));
                })
                .optional();
    }

    private static List<BatchReport.Failure> failures(Tally tally) {
        List<BatchReport.Failure> failures = new ArrayList<>();
        for (String scope : List.of("document", "page")) {
            tally.names(scope.equals("document") ? "failures" : "page_failures").forEach((name, count) -> {
                if (count > 0) {
                    int at = name.lastIndexOf('@');
                    String stage = name.substring(at + 1);
                    failures.add(new BatchReport.Failure(scope, name.substring(0, at), stage.isEmpty() ? null : stage, count));
                }
            });
        }
        failures.sort((a, b) -> Long.compare(b.count(), a.count()));
        return failures;
    }

    private List<BatchReport.Feature> features(UUID batchId, Tally tally) {
        long results = tally.value("result_pages", "total");
        return jdbc.sql("SELECT feature FROM batch_feature WHERE batch_id = :id ORDER BY feature")
                .param("id", batchId)
                .query(String.class)
                .list()
                .stream()
                .map(feature -> {
                    long with = tally.value("feature_pages", feature);
                    return new BatchReport.Feature(feature, with, Math.max(0, results - with));
                })
                .toList();
    }

    /** Counts by the values of one dimension: a scan of the batch's documents, made only when asked. */
    private List<BatchReport.DimensionValue> dimension(UUID batchId, String dimension) {
        return jdbc.sql("""
                        SELECT value, count(*) AS documents,
                               count(*) FILTER (WHERE status = 'COMPLETED') AS completed,
                               count(*) FILTER (WHERE status = 'FAILED') AS failed,
                               coalesce(sum(pages_done), 0) AS pages
                          FROM document_dimension
                         WHERE batch_id = :id AND dimension = :dimension
                         GROUP BY value ORDER BY documents DESC, value LIMIT 1000""")
                .param("id", batchId)
                .param("dimension", dimension)
                .query((rs, n) -> new BatchReport.DimensionValue(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list();
    }

    private static List<BatchReport.Minute> throughput(Tally tally) {
        return tally.names("result_minute").entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> new BatchReport.Minute(Instant.parse(e.getKey().replace("Z", ":00Z")), e.getValue()))
                .toList();
    }

    private static List<BatchReport.StageLatency> stages(Tally tally) {
        Map<String, TreeMap<Integer, Long>> histograms = new TreeMap<>();
        tally.names("stage_ms").forEach((name, count) -> {
            int bar = name.lastIndexOf('|');
            histograms.computeIfAbsent(name.substring(0, bar), s -> new TreeMap<>()).merge(Integer.parseInt(name.substring(bar + 1)), count, Long::sum);
        });
        List<BatchReport.StageLatency> stages = new ArrayList<>();
        tally.names("stage_events").forEach((stage, events) -> {
            TreeMap<Integer, Long> histogram = histograms.getOrDefault(stage, new TreeMap<>());
            stages.add(new BatchReport.StageLatency(stage, events, tally.value("stage_failing", stage),
                    percentile(histogram, 0.5), percentile(histogram, 0.95),
                    histogram.isEmpty() ? 0 : Math.round(upperBound(histogram.lastKey()))));
        });
        return stages;
    }

    /** The upper bound of the bucket the percentile falls in (V9's duration_bucket). */
    static double percentile(TreeMap<Integer, Long> histogram, double p) {
        long total = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (Map.Entry<Integer, Long> bucket : histogram.entrySet()) {
            seen += bucket.getValue();
            if (seen >= rank) {
                return Math.round(upperBound(bucket.getKey()) * 10) / 10.0;
            }
        }
        return Math.round(upperBound(histogram.lastKey()) * 10) / 10.0;
    }

    private static double upperBound(int bucket) {
        return bucket == 0 ? 0 : Math.pow(2, bucket / 4.0);
    }
}
