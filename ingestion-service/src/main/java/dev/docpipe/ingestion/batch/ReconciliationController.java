package dev.docpipe.ingestion.batch;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /batches/{id}/reconciliation}: the counters checked against the rows they count, by a
 * scan of the batch's documents. The batch view reconciles counters with counters at no cost;
 * this is the audit of the counters themselves, and costs a read of every document row (seconds
 * for millions of documents), so it is asked for explicitly.
 */
@RestController
class ReconciliationController {

    private final BatchQueries queries;
    private final JdbcClient jdbc;

    ReconciliationController(BatchQueries queries, JdbcClient jdbc) {
        this.queries = queries;
        this.jdbc = jdbc;
    }

    /**
     * @param rows     documents by status, and page sums, as the rows have them
     * @param counters the same from the counters
     * @param exact    whether the two agree, and the batch row's own counts with them
     */
    record FullReconciliation(UUID batchId, Map<String, Long> rows, Map<String, Long> counters, boolean exact) {}

    @GetMapping("/batches/{id}/reconciliation")
    FullReconciliation reconcile(@PathVariable UUID id) {
        Map<String, Object> batch = jdbc.sql("SELECT document_count, completed_count, failed_count FROM batch WHERE id = :id")
                .param("id", id).query().listOfRows().stream().findFirst()
                .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no batch " + id), null));
        Map<String, Long> rows = new HashMap<>();
        jdbc.sql("""
                        SELECT status, count(*), coalesce(sum(page_count), 0), sum(pages_done), sum(pages_failed)
                          FROM document WHERE batch_id = :id GROUP BY status""")
                .param("id", id)
                .query(rs -> {
                    rows.put("documents:" + rs.getString(1), rs.getLong(2));
                    rows.merge("pages:total", rs.getLong(3), Long::sum);
                    rows.merge("pages:inferred", rs.getLong(4), Long::sum);
                    rows.merge("pages:failed", rs.getLong(5), Long::sum);
                });
        Tally tally = queries.tally(id);
        Map<String, Long> counters = new HashMap<>();
        tally.names("documents").forEach((status, n) -> counters.put("documents:" + status, n));
        tally.names("pages").forEach((name, n) -> counters.put("pages:" + name, n));
        rows.entrySet().removeIf(e -> e.getValue() == 0);
        counters.entrySet().removeIf(e -> e.getValue() == 0);
        long listed = ((Number) batch.get("document_count")).longValue();
        boolean exact = rows.equals(counters)
                && listed == tally.sum("documents")
                && ((Number) batch.get("completed_count")).longValue() == tally.value("documents", "COMPLETED")
                && ((Number) batch.get("failed_count")).longValue() == tally.value("documents", "FAILED");
        return new FullReconciliation(id, rows, counters, exact);
    }
}
