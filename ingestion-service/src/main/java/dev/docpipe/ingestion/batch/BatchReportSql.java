package dev.docpipe.ingestion.batch;

import java.util.List;

/**
 * The SQL behind a batch's report ({@code GET /batches/{id}}), every statement bound to the batch id
 * {@code :id}: named here so that {@code bin/benchmark report} times each, with its plan, against a
 * batch of ten million pages. A query added to the report belongs in {@link #QUERIES} too.
 */
public final class BatchReportSql {

    /** Quiet documents are counted up to this many: enough to see a problem, bounded in cost. */
    static final int QUIET_COUNT_LIMIT = 10_000;

    static final String BATCH = "SELECT * FROM batch WHERE id = :id";
    /** The batch's counters, their shards summed. */
    static final String TALLY = """
            SELECT metric, name, sum(value) AS value FROM batch_tally
             WHERE batch_id = :id GROUP BY metric, name HAVING sum(value) <> 0""";
    static final String QUIET = """
            SELECT count(*) FROM (SELECT 1 FROM document
                                   WHERE batch_id = :id AND status IN ('PENDING', 'CLASSIFIED')
                                     AND updated_at < now() - interval '30 minutes'
                                   LIMIT %d) quiet""".formatted(QUIET_COUNT_LIMIT);

    public record Query(String name, String sql) {}

    public static final List<Query> QUERIES = List.of(
            new Query("batch row", BATCH),
            new Query("counters (batch_tally)", TALLY),
            new Query("quiet documents (capped)", QUIET),
            new Query("report: the features results named (batch_feature)", "SELECT feature FROM batch_feature WHERE batch_id = :id ORDER BY feature"));

    private BatchReportSql() {}
}
