package dev.docpipe.runner;

import java.io.PrintStream;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The closing report of a run: totals, throughput, and every document with its outcome. */
final class RunReport {

    private final JdbcClient jdbc;
    private final PrintStream out;

    RunReport(DataSource dataSource, PrintStream out) {
        this.jdbc = JdbcClient.create(dataSource);
        this.out = out;
    }

    void print(JsonNode batch) {
        JsonNode d = batch.path("documents");
        JsonNode p = batch.path("pages");
        out.println();
        out.printf("Batch %s: %s%n", batch.path("id").asString(), batch.path("status").asString());
        out.printf("  documents  %d listed, %d completed, %d failed, %d in flight%n",
                d.path("listed").asInt(), d.path("completed").asInt(), d.path("failed").asInt(), d.path("inFlight").asInt());
        out.printf("  pages      %d inferred of %d%n", p.path("inferred").asLong(), p.path("total").asLong());
        out.printf("  time       %.1f s, %.2f pages/s%n",
                batch.path("throughput").path("elapsedSeconds").asDouble(), batch.path("throughput").path("pagesPerSecond").asDouble());
        for (JsonNode f : batch.path("failures")) {
            out.printf("  failed     %d x %s (in %s)%n", f.path("documents").asLong(), f.path("reason").asString(), f.path("stage").asString());
        }
        out.println();
        out.printf("  %-40s %-10s %-7s %5s  %s%n", "document", "status", "class", "pages", "detail");
        jdbc.sql("""
                        SELECT object_key, status, coalesce(doc_class, '-'), coalesce(page_count, 0), pages_done,
                               coalesce(failure_reason || ': ' || failure_detail, '')
                          FROM document WHERE batch_id = :batch ORDER BY object_key""")
                .param("batch", UUID.fromString(batch.path("id").asString()))
                .query(rs -> {
                    String key = rs.getString(1);
                    out.printf("  %-40s %-10s %-7s %5d  %s%n", key.substring(key.indexOf('/') + 1), rs.getString(2), rs.getString(3),
                            rs.getInt(4), rs.getString(6));
                });
    }
}
