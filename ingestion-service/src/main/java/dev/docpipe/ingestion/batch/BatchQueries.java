package dev.docpipe.ingestion.batch;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads batches for the API. Counts come from the counters the ledger maintains, not from scans. */
@Repository
class BatchQueries {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    BatchQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<BatchView> find(UUID id) {
        return jdbc.sql("""
                        SELECT b.*, p.*
                          FROM batch b
                          LEFT JOIN LATERAL (SELECT coalesce(sum(page_count), 0) AS total_pages,
                                                    coalesce(sum(pages_done), 0) AS inferred_pages,
                                                    coalesce(sum(pages_failed), 0) AS failed_pages,
                                                    count(*) AS document_rows,
                                                    count(*) FILTER (WHERE status = 'COMPLETED') AS completed_rows,
                                                    count(*) FILTER (WHERE status = 'FAILED') AS failed_rows,
                                                    count(*) FILTER (WHERE status IN ('PENDING', 'CLASSIFIED')) AS in_flight_rows,
                                                    count(*) FILTER (WHERE status IN ('PENDING', 'CLASSIFIED')
                                                                       AND updated_at < now() - interval '30 minutes') AS quiet_rows
                                               FROM document WHERE batch_id = b.id) p ON true
                         WHERE b.id = :id""")
                .param("id", id)
                .query((rs, n) -> view(rs))
                .optional();
    }

    List<BatchView> recent(int limit, int offset) {
        return jdbc.sql("SELECT id FROM batch ORDER BY created_at DESC LIMIT :limit OFFSET :offset")
                .param("limit", limit)
                .param("offset", offset)
                .query(UUID.class)
                .list()
                .stream()
                .flatMap(id -> find(id).stream())
                .toList();
    }

    private BatchView view(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        int listed = rs.getInt("document_count");
        int completed = rs.getInt("completed_count");
        int failed = rs.getInt("failed_count");
        Instant created = rs.getTimestamp("created_at").toInstant();
        Timestamp done = rs.getTimestamp("completed_at");
        Instant completedAt = done == null ? null : done.toInstant();
        long inferred = rs.getLong("inferred_pages");
        double elapsed = Duration.between(created, completedAt != null ? completedAt : Instant.now()).toMillis() / 1000.0;
        Array prefixes = rs.getArray("prefixes");
        return new BatchView(
                id,
                rs.getString("status"),
                rs.getString("source_bucket"),
                List.of((String[]) prefixes.getArray()),
                json.readValue(rs.getString("options"), new TypeReference<Map<String, Object>>() {}),
                created,
                completedAt,
                new BatchView.Documents(listed, completed, failed, listed - completed - failed, rs.getBoolean("listing_complete")),
                new BatchView.Pages(rs.getLong("total_pages"), inferred, rs.getLong("failed_pages")),
                reconciliation(rs, listed, completed, failed),
                failures(id),
                new BatchView.Throughput(elapsed, elapsed > 0 ? Math.round(inferred / elapsed * 100) / 100.0 : 0),
                rs.getString("failure_detail"));
    }

    /** The counters checked against the document rows they count. */
    private static BatchView.Reconciliation reconciliation(ResultSet rs, int listed, int completed, int failed) throws SQLException {
        long rows = rs.getLong("document_rows");
        long completedRows = rs.getLong("completed_rows");
        long failedRows = rs.getLong("failed_rows");
        long inFlightRows = rs.getLong("in_flight_rows");
        boolean exact = rows == listed && completedRows == completed && failedRows == failed
                && rows == completedRows + failedRows + inFlightRows;
        return new BatchView.Reconciliation(rows, completedRows, failedRows, inFlightRows, rs.getLong("quiet_rows"), exact);
    }

    private List<BatchView.FailureCount> failures(UUID batchId) {
        return jdbc.sql("""
                        SELECT failure_reason, failure_stage, count(*) FROM document
                         WHERE batch_id = :id AND status = 'FAILED'
                         GROUP BY failure_reason, failure_stage ORDER BY count(*) DESC""")
                .param("id", batchId)
                .query((rs, n) -> new BatchView.FailureCount(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
    }
}
