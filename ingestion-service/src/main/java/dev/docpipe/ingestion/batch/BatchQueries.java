package dev.docpipe.ingestion.batch;

import dev.docpipe.ingestion.cost.BatchUsage;
import dev.docpipe.ingestion.cost.CostEstimate;
import dev.docpipe.ingestion.cost.CostModel;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads batches for the API. Counts come from the batch row and from {@code batch_tally} (counters
 * the database keeps on every state change, a few rows per status, summed here), never from a
 * scan of the batch's documents: the statements are those of {@link BatchReportSql}, which the
 * report benchmark times against a batch of ten million pages.
 */
@Repository
public class BatchQueries {

    /** Statuses a document never leaves (CANCELLED too, once a batch can be cancelled). */
    static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final CostModel costs;

    BatchQueries(JdbcClient jdbc, JsonMapper json, CostModel costs) {
        this.jdbc = jdbc;
        this.json = json;
        this.costs = costs;
    }

    Optional<BatchView> find(UUID id) {
        return jdbc.sql(BatchReportSql.BATCH).param("id", id).query((rs, n) -> view(rs)).optional();
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

    /** The batch's counters, summed over their shards. */
    /** The batch's counters, its shards summed: a few hundred rows at most, whatever the batch's size. */
    public Tally tally(UUID id) {
        return new Tally(jdbc.sql(BatchReportSql.TALLY).param("id", id)
                .query((rs, n) -> new Tally.Entry(rs.getString("metric"), rs.getString("name"), rs.getLong("value")))
                .list());
    }

    private BatchView view(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        int listed = rs.getInt("document_count");
        int completed = rs.getInt("completed_count");
        int failed = rs.getInt("failed_count");
        Instant created = rs.getTimestamp("created_at").toInstant();
        Timestamp done = rs.getTimestamp("completed_at");
        Instant completedAt = done == null ? null : done.toInstant();
        Tally tally = tally(id);
        Map<String, Long> byStatus = tally.names("documents");
        long inFlight = byStatus.entrySet().stream().filter(e -> !TERMINAL.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        long inferred = tally.value("pages", "inferred");
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
                new BatchView.Documents(listed, completed, failed, rs.getInt("cancelled_count"), (int) inFlight,
                        rs.getBoolean("listing_complete"), byStatus),
                new BatchView.Pages(tally.value("pages", "total"), inferred, tally.value("pages", "failed"), tally.names("page_status")),
                reconciliation(id, tally, listed, completed, failed, inFlight),
                failures(tally, "failures"),
                throughput(rs.getString("status"), rs.getBoolean("listing_complete"), elapsed, inferred,
                        tally.value("pages", "total") - inferred - tally.value("pages", "failed")),
                rs.getString("failure_detail"),
                failures(tally, "page_failures"),
                cost(tally, listed));
    }

    /** What the batch costs so far, by the cost model, from its counters. */
    public CostEstimate cost(Tally tally, long listedDocuments) {
        return costs.estimate(new BatchUsage(tally.value("pages", "total"), listedDocuments, tally.names("model_calls")));
    }

    private static BatchView.Throughput throughput(String status, boolean listed, double elapsed, long inferred, long pagesLeft) {
        double rate = elapsed > 0 ? inferred / elapsed : 0;
        Long eta = "RUNNING".equals(status) && listed && rate > 0 ? Math.round(Math.max(0, pagesLeft) / rate) : null;
        return new BatchView.Throughput(elapsed, Math.round(rate * 100) / 100.0, eta);
    }

    /** The batch row's counters checked against the tally the database keeps by status. */
    private BatchView.Reconciliation reconciliation(UUID id, Tally tally, int listed, int completed, int failed, long inFlight) {
        long documents = tally.sum("documents");
        long completedRows = tally.value("documents", "COMPLETED");
        long failedRows = tally.value("documents", "FAILED");
        long terminalOther = tally.names("documents").entrySet().stream()
                .filter(e -> TERMINAL.contains(e.getKey()) && !e.getKey().equals("COMPLETED") && !e.getKey().equals("FAILED"))
                .mapToLong(Map.Entry::getValue).sum();
        boolean exact = documents == listed && completedRows == completed && failedRows == failed
                && documents == completedRows + failedRows + terminalOther + inFlight;
        long quiet = jdbc.sql(BatchReportSql.QUIET).param("id", id).query(Long.class).single();
        return new BatchView.Reconciliation(documents, completedRows, failedRows, inFlight, quiet, exact);
    }

    private static List<BatchView.FailureCount> failures(Tally tally, String metric) {
        return tally.names(metric).entrySet().stream()
                .map(e -> {
                    int at = e.getKey().lastIndexOf('@');
                    String stage = e.getKey().substring(at + 1);
                    return new BatchView.FailureCount(e.getKey().substring(0, at), stage.isEmpty() ? null : stage, e.getValue());
                })
                .sorted(Comparator.comparingLong(BatchView.FailureCount::documents).reversed()
                        .thenComparing(BatchView.FailureCount::reason))
                .toList();
    }
}
