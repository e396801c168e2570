package dev.docpipe.benchmarks;

import dev.docpipe.embedded.EmbeddedPostgres;
import dev.docpipe.ingestion.batch.BatchReportSql;
import dev.docpipe.migrations.SchemaMigrator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * The batch report at ten million pages: one batch's rows generated in PostgreSQL (documents,
 * pages, and optionally a result and an audit event per page, through the same triggers that keep
 * the counters in production), then every query of {@code GET /batches/{id}} ({@link BatchReportSql#QUERIES})
 * timed, with its plan; and, for comparison, the scans the report used to make.
 */
public final class ReportBenchmark {

    static final String USAGE = """
            bin/benchmark report [--documents 1000000] [--pages-per-document 10] [--results false] [--audit false] [--runs 20]
              generates one batch of documents x pages (60% completed, 5% failed, 35% in flight, half of those quiet);
              --results / --audit also write an inference result / an audit event per page (about 2 GB each per
              10 M pages); runs: timed runs per query. Needs about 3 GB of disk without results and audit.""";

    /** What the report did before the counters, and what the explicit full reconciliation still does. */
    private static final Map<String, String> SCANS = new LinkedHashMap<>();

    static {
        SCANS.put("before: LATERAL aggregate over the batch's documents", """
                SELECT coalesce(sum(page_count), 0), coalesce(sum(pages_done), 0), coalesce(sum(pages_failed), 0), count(*),
                       count(*) FILTER (WHERE status = 'COMPLETED'), count(*) FILTER (WHERE status = 'FAILED'),
                       count(*) FILTER (WHERE status IN ('PENDING', 'CLASSIFIED')),
                       count(*) FILTER (WHERE status IN ('PENDING', 'CLASSIFIED') AND updated_at < now() - interval '30 minutes')
                  FROM document WHERE batch_id = :id""");
        SCANS.put("before: failures GROUP BY", """
                SELECT failure_reason, failure_stage, count(*) FROM document
                 WHERE batch_id = :id AND status = 'FAILED' GROUP BY failure_reason, failure_stage ORDER BY count(*) DESC""");
        SCANS.put("GET /batches/{id}/reconciliation (a scan, on request)", """
                SELECT status, count(*), coalesce(sum(page_count), 0), sum(pages_done), sum(pages_failed)
                  FROM document WHERE batch_id = :id GROUP BY status""");
    }

    private ReportBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "benchmark-logback.xml");
        }
        if (List.of(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        BenchmarkArgs options = new BenchmarkArgs(args, Map.of("documents", "1000000", "pages-per-document", "10",
                "results", "false", "audit", "false", "runs", "20"));
        int documents = options.integer("documents");
        int pages = options.integer("pages-per-document");
        Path work = Files.createTempDirectory("docpipe-report-benchmark-");
        long freeGb = new File(work.toString()).getUsableSpace() >> 30;
        System.out.printf("Report: one batch of %,d documents x %d pages = %,d pages (results: %s, audit events: %s); %d GB free under %s%n",
                documents, pages, (long) documents * pages, options.flag("results"), options.flag("audit"), freeGb, work);
        if (freeGb < 10) {
            throw new IllegalStateException("less than 10 GB free: not generating");
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("postgres"))) {
            SchemaMigrator.migrate(postgres.dataSource());
            JdbcTemplate jdbc = new JdbcTemplate(postgres.dataSource());
            UUID batch = UUID.randomUUID();
            long start = System.nanoTime();
            ReportData.generate(jdbc, batch, documents, pages, options.flag("results"), options.flag("audit"));
            System.out.printf("generated in %.0f s; load %s%n", (System.nanoTime() - start) / 1e9, Figures.loadAverage());
            System.out.println(jdbc.queryForObject("""
                    SELECT format('sizes: document %s, page %s, batch_tally %s (%s rows for this batch), inference_result %s, audit_event %s',
                                  pg_size_pretty(pg_total_relation_size('document')), pg_size_pretty(pg_total_relation_size('page')),
                                  pg_size_pretty(pg_total_relation_size('batch_tally')), (SELECT count(*) FROM batch_tally WHERE batch_id = ?),
                                  pg_size_pretty((SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'inference_result'::regclass)),
                                  pg_size_pretty((SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'audit_event'::regclass)))""",
                    String.class, batch));
            QueryTimer timer = new QueryTimer(jdbc, batch, options.integer("runs"));
            System.out.println();
            System.out.println("GET /batches/{id}:");
            double total = 0;
            for (BatchReportSql.Query query : BatchReportSql.QUERIES) {
                total += timer.time(query.name(), query.sql());
            }
            System.out.printf("all queries of GET /batches/{id}: %.2f ms (sum of medians)%n", total);
            System.out.println();
            System.out.println("Scans, for comparison:");
            for (Map.Entry<String, String> scan : SCANS.entrySet()) {
                timer.time(scan.getKey(), scan.getValue());
            }
            System.out.println();
            CostTable.print((long) documents * pages, pages);
            System.out.println();
            System.out.println("Plans (EXPLAIN ANALYZE, BUFFERS):");
            List<String[]> all = new ArrayList<>();
            BatchReportSql.QUERIES.forEach(q -> all.add(new String[] {q.name(), q.sql()}));
            SCANS.forEach((name, sql) -> all.add(new String[] {name, sql}));
            for (String[] query : all) {
                System.out.println("-- " + query[0]);
                timer.explain(query[1]).forEach(line -> System.out.println("   " + line));
            }
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
        System.exit(0);
    }
}
