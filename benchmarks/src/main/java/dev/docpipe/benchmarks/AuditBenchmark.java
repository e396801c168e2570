package dev.docpipe.benchmarks;

import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.AuditEvent;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.audit.Outcome;
import dev.docpipe.embedded.EmbeddedPostgres;
import dev.docpipe.migrations.SchemaMigrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Audit events per second sustained into PostgreSQL through {@link AuditRecorder}, the writer every
 * service uses: producer threads record page events of several running batches (each its own
 * partition) as fast as they can, and a round ends when the last event is in the table. With
 * {@code --writers N}, N recorders write at once, as N services do. The embedded PostgreSQL runs
 * with fsync off (set on its command line, which no later setting overrides); a writer commits
 * once per up to 2,000 events, so a durable server adds about one WAL flush per 2,000 events.
 */
public final class AuditBenchmark {

    static final String USAGE = """
            bin/benchmark audit [--events 1000000] [--writers 1] [--producers 8] [--batches 4] [--rounds 3]
              events audit events per round; writers: recorders (services) writing at once; producers: threads
              recording, as listener threads do; batches: running batches the events belong to (partitions)""";

    private AuditBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "benchmark-logback.xml");
        }
        if (List.of(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        BenchmarkArgs options = new BenchmarkArgs(args, Map.of("events", "1000000", "writers", "1", "producers", "8",
                "batches", "4", "rounds", "3"));
        Path work = Files.createTempDirectory("docpipe-audit-benchmark-");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("postgres"))) {
            SchemaMigrator.migrate(postgres.dataSource());
            JdbcTemplate jdbc = new JdbcTemplate(postgres.dataSource());
            List<UUID> batches = new ArrayList<>();
            for (int i = 0; i < options.integer("batches"); i++) {
                UUID batch = UUID.randomUUID();
                jdbc.update("INSERT INTO batch (id, status, source_bucket, prefixes, options) VALUES (?, 'RUNNING', 'b', '{p/}', '{}')", batch);
                batches.add(batch);
            }
            System.out.printf("Audit events into PostgreSQL: %,d events a round, %d writer(s), %d producer threads, %d batches (partitions); "
                            + "fsync: %s; load before: %s%n", options.integer("events"), options.integer("writers"),
                    options.integer("producers"), batches.size(), jdbc.queryForObject("SHOW fsync", String.class), Figures.loadAverage());
            round(jdbc, options, batches, Math.min(100_000, options.integer("events")), "warm-up");
            List<Double> rates = new ArrayList<>();
            for (int r = 1; r <= options.integer("rounds"); r++) {
                rates.add(round(jdbc, options, batches, options.integer("events"), "round " + r));
            }
            System.out.printf("median: %,.0f events/s; table now %s (%s with indexes)%n", Figures.median(rates, Double::doubleValue),
                    jdbc.queryForObject("SELECT pg_size_pretty(sum(pg_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'audit_event'::regclass", String.class),
                    jdbc.queryForObject("SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'audit_event'::regclass", String.class));
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
        System.exit(0);
    }

    private static double round(JdbcTemplate jdbc, BenchmarkArgs options, List<UUID> batches, int events, String name) throws Exception {
        long before = jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class);
        List<AuditRecorder> writers = new ArrayList<>();
        for (int w = 0; w < options.integer("writers"); w++) {
            AuditRecorder writer = new AuditRecorder(jdbc, "benchmark-" + w, 100_000);
            writer.start();
            writers.add(writer);
        }
        int producers = options.integer("producers");
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(producers)) {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                running.add(pool.submit(() -> {
                    AuditRecorder writer = writers.get(producer % writers.size());
                    for (int i = producer; i < events; i += producers) {
                        UUID batch = batches.get(i % batches.size());
                        writer.record(new AuditEvent(batch, new UUID(i / 10, producer), i % 10 + 1, Stage.INFERENCE, Outcome.SUCCEEDED,
                                1, Duration.ofMillis(i % 500), "model=docpipe-ocr backend=sagemaker words=" + (i % 400), Instant.now()));
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        for (AuditRecorder writer : writers) {
            writer.flush(Duration.ofMinutes(10));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        writers.forEach(AuditRecorder::stop);
        long written = jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class) - before;
        if (written != events) {
            throw new IllegalStateException("%d events recorded, %d in the table".formatted(events, written));
        }
        double rate = events / seconds;
        System.out.printf("%-8s %,d events in %.2f s: %,.0f events/s (load %s)%n", name, events, seconds, rate, Figures.loadAverage());
        return rate;
    }
}
