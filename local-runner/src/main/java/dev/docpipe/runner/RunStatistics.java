package dev.docpipe.runner;

import dev.docpipe.contracts.Stage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a batch did, read from the database rather than from the API's counters, so the report and
 * the corpus test check the ledger against the rows themselves: documents by outcome and reason,
 * pages, and how long any one document or page held a worker (the audit trail's durations).
 */
final class RunStatistics {

    /** Documents that ended (or not yet) in one status, for one reason, in one stage. */
    record Outcome(String status, String reason, String stage, long documents) {}

    /**
     * @param total     pages of every classified document
     * @param inferred  pages with a model result
     * @param failed    pages that failed in a page stage (conversion, inference)
     * @param abandoned pages of FAILED documents that never got a result
     */
    record Pages(long total, long inferred, long failed, long abandoned) {}

    /** One stage outcome of one document or page, and how long it held the worker. */
    record Hold(String stage, String outcome, long millis, String key, int page, int pageCount, int attempt, String detail) {}

    /** The spread of holding times of one stage, and the document (and page) that held longest. */
    record StageTimes(String stage, long rows, long p50Millis, long p95Millis, long maxMillis, String longestKey, int longestPage) {}

    /** A document's outcome, for the per-document table. */
    record DocumentOutcome(String key, String status, String documentClass, int pages, int pagesDone, String detail) {}

    /** The stages in pipeline order, as an SQL array literal built from the enum's constants. */
    private static final String STAGE_ORDER = Arrays.stream(Stage.values())
            .map(stage -> "'" + stage.name() + "'")
            .collect(Collectors.joining(",", "ARRAY[", "]"));

    private final JdbcClient jdbc;
    private final UUID batch;

    RunStatistics(DataSource dataSource, UUID batch) {
        this.jdbc = JdbcClient.create(dataSource);
        this.batch = batch;
    }

    List<Outcome> outcomes() {
        return jdbc.sql("""
                        SELECT status, coalesce(failure_reason, ''), coalesce(failure_stage, ''), count(*)
                          FROM document WHERE batch_id = :batch
                         GROUP BY 1, 2, 3
                         ORDER BY (status = 'COMPLETED') DESC, (status = 'FAILED') DESC, count(*) DESC, 2""")
                .param("batch", batch)
                .query((rs, n) -> new Outcome(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .list();
    }

    long documents(String status) {
        return outcomes().stream().filter(o -> o.status().equals(status)).mapToLong(Outcome::documents).sum();
    }

    /** Documents not yet COMPLETED or FAILED; zero once a batch is done. */
    long inFlight() {
        return outcomes().stream().filter(o -> !o.status().equals("COMPLETED") && !o.status().equals("FAILED"))
                .mapToLong(Outcome::documents).sum();
    }

    Pages pages() {
        return jdbc.sql("""
                        SELECT (SELECT coalesce(sum(page_count), 0) FROM document WHERE batch_id = :batch),
                               (SELECT count(*) FROM page p JOIN document d ON d.id = p.document_id
                                 WHERE d.batch_id = :batch AND p.status = 'INFERRED'),
                               (SELECT count(DISTINCT (a.document_id, a.page_number)) FROM audit_event a
                                 WHERE a.batch_id = :batch AND a.page_number > 0 AND a.outcome = 'FAILED'),
                               (SELECT coalesce(sum(page_count - pages_done), 0) FROM document
                                 WHERE batch_id = :batch AND status = 'FAILED')""")
                .param("batch", batch)
                .query((rs, n) -> new Pages(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
    }

    /** The longest holds first: the audit rows of the batch's documents by duration. */
    List<Hold> longestHolds(int limit) {
        return holds("TRUE", Duration.ZERO, limit);
    }

    /** Every hold at least {@code min} long, longest first. */
    List<Hold> holdsOver(Duration min) {
        return holds("a.duration_ms >= :min", min, Integer.MAX_VALUE);
    }

    private List<Hold> holds(String condition, Duration min, int limit) {
        // The condition is one of two constants above, never input.
        return jdbc.sql("""
                        SELECT a.stage, a.outcome, a.duration_ms, d.object_key, coalesce(a.page_number, 0),
                               coalesce(d.page_count, 0), a.attempt, coalesce(a.detail, '')
                          FROM audit_event a JOIN document d ON d.id = a.document_id
                         WHERE a.batch_id = :batch AND d.batch_id = :batch AND %s
                         ORDER BY a.duration_ms DESC, a.id
                         LIMIT :limit""".formatted(condition))
                .param("batch", batch)
                .param("min", min.toMillis())
                .param("limit", limit)
                .query((rs, n) -> new Hold(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getInt(5),
                        rs.getInt(6), rs.getInt(7), rs.getString(8)))
                .list();
    }

    /** Per stage, in pipeline order: how long its holds took, and which document or page held longest. */
    List<StageTimes> stageTimes() {
        return jdbc.sql("""
                        SELECT s.stage, s.rows, s.p50, s.p95, s.longest, l.object_key, l.page
                          FROM (SELECT a.stage, count(*) AS rows,
                                       percentile_disc(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS p50,
                                       percentile_disc(0.95) WITHIN GROUP (ORDER BY a.duration_ms) AS p95,
                                       max(a.duration_ms) AS longest
                                  FROM audit_event a
                                 WHERE a.batch_id = :batch GROUP BY a.stage) s
                          JOIN LATERAL (SELECT d.object_key, coalesce(a.page_number, 0) AS page
                                          FROM audit_event a JOIN document d ON d.id = a.document_id
                                         WHERE a.batch_id = :batch AND d.batch_id = :batch AND a.stage = s.stage
                                         ORDER BY a.duration_ms DESC, a.id LIMIT 1) l ON true
                         ORDER BY array_position(%s, s.stage)""".formatted(STAGE_ORDER))
                .param("batch", batch)
                .query((rs, n) -> new StageTimes(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getString(6), rs.getInt(7)))
                .list();
    }

    /** The first documents in key order. */
    List<DocumentOutcome> documents(int limit) {
        return jdbc.sql("""
                        SELECT object_key, status, coalesce(doc_class, '-'), coalesce(page_count, 0), pages_done,
                               coalesce(failure_reason || ': ' || failure_detail, failure_reason, '')
                          FROM document WHERE batch_id = :batch
                         ORDER BY object_key LIMIT :limit""")
                .param("batch", batch)
                .param("limit", limit)
                .query(this::documentOutcome)
                .list();
    }

    /** FAILED documents by reason and stage, at most {@code perReason} of each, so every reason shows. */
    List<DocumentOutcome> failures(int perReason) {
        return jdbc.sql("""
                        SELECT object_key, status, coalesce(doc_class, '-'), coalesce(page_count, 0), pages_done,
                               failure_reason || ': ' || coalesce(failure_detail, '')
                          FROM (SELECT d.*, row_number() OVER (PARTITION BY failure_reason, failure_stage ORDER BY object_key) AS n
                                  FROM document d WHERE batch_id = :batch AND status = 'FAILED') f
                         WHERE n <= :perReason
                         ORDER BY failure_reason, failure_stage, object_key""")
                .param("batch", batch)
                .param("perReason", perReason)
                .query(this::documentOutcome)
                .list();
    }

    private DocumentOutcome documentOutcome(ResultSet rs, int row) throws SQLException {
        return new DocumentOutcome(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getString(6));
    }
}
