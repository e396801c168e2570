package dev.docpipe.ingestion.report;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads a batch's report from the report views (V8). */
@Repository
class ReportQueries {

    private final JdbcClient jdbc;

    ReportQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<BatchReport> report(UUID batchId, String dimension) {
        return jdbc.sql("""
                        SELECT r.*, b.metadata_pattern,
                               (SELECT coalesce(sum(page_count), 0) FROM document WHERE batch_id = r.batch_id) AS pages_total,
                               (SELECT count(*) FROM page p JOIN document d ON d.id = p.document_id
                                 WHERE d.batch_id = r.batch_id AND p.status = 'INFERRED') AS pages_inferred,
                               (SELECT count(*) FROM page p JOIN document d ON d.id = p.document_id
                                 WHERE d.batch_id = r.batch_id AND p.status = 'FAILED') AS pages_failed,
                               (SELECT count(*) FROM page p JOIN document d ON d.id = p.document_id
                                 WHERE d.batch_id = r.batch_id AND p.quarantine_key IS NOT NULL) AS pages_quarantined
                          FROM report_batch r JOIN batch b ON b.id = r.batch_id
                         WHERE r.batch_id = :id""")
                .param("id", batchId)
                .query((rs, n) -> {
                    Timestamp completed = rs.getTimestamp("completed_at");
                    double elapsed = rs.getDouble("elapsed_seconds");
                    long inferred = rs.getLong("pages_inferred");
                    String pattern = rs.getString("metadata_pattern");
                    List<String> dimensions = dimensions(batchId, pattern);
                    return new BatchReport(batchId, rs.getString("status"), rs.getString("model"),
                            rs.getTimestamp("created_at").toInstant(), completed == null ? null : completed.toInstant(),
                            Math.round(elapsed * 10) / 10.0,
                            new BatchReport.Documents(rs.getLong("documents_listed"), rs.getLong("documents_completed"),
                                    rs.getLong("documents_failed"), rs.getLong("documents_cancelled"), rs.getLong("documents_in_flight")),
                            new BatchReport.Pages(rs.getLong("pages_total"), inferred, rs.getLong("pages_failed"),
                                    rs.getLong("pages_quarantined"), elapsed > 0 ? Math.round(inferred / elapsed * 100) / 100.0 : 0),
                            failures(batchId), features(batchId), dimensions,
                            dimension == null ? null : new BatchReport.Dimension(dimension, dimension(batchId, dimension)),
                            throughput(batchId), stages(batchId));
                })
                .optional();
    }

    /** The dimensions the batch's file-name pattern names, in its order; none without a pattern. */
    private static List<String> dimensions(UUID batchId, String pattern) {
        return pattern == null ? List.of() : dev.docpipe.ingestion.batch.FileNameMetadata.compile(pattern).dimensions();
    }

    private List<BatchReport.Failure> failures(UUID batchId) {
        return jdbc.sql("SELECT scope, reason, stage, failures FROM report_failure WHERE batch_id = :id ORDER BY failures DESC, scope, reason")
                .param("id", batchId)
                .query((rs, n) -> new BatchReport.Failure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .list();
    }

    private List<BatchReport.Feature> features(UUID batchId) {
        return jdbc.sql("""
                        SELECT feature, pages_with, pages_without, documents_with, documents_without
                          FROM report_feature WHERE batch_id = :id ORDER BY feature""")
                .param("id", batchId)
                .query((rs, n) -> new BatchReport.Feature(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list();
    }

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

    private List<BatchReport.Minute> throughput(UUID batchId) {
        return jdbc.sql("SELECT minute, pages FROM report_throughput WHERE batch_id = :id ORDER BY minute")
                .param("id", batchId)
                .query((rs, n) -> new BatchReport.Minute(rs.getTimestamp(1).toInstant(), rs.getLong(2)))
                .list();
    }

    private List<BatchReport.StageLatency> stages(UUID batchId) {
        return jdbc.sql("""
                        SELECT stage, events, not_succeeded, p50_ms, p95_ms, max_ms
                          FROM report_stage_latency WHERE batch_id = :id ORDER BY stage""")
                .param("id", batchId)
                .query((rs, n) -> new BatchReport.StageLatency(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4),
                        rs.getDouble(5), rs.getLong(6)))
                .list();
    }
}
