package dev.docpipe.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline, every service in its own context, against real PostgreSQL, SQS and S3
 * servers and the real OCR model: generated PDFs of 1, 5 and 25 pages and three bad files.
 */
@PipelineInfrastructure
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {

    private static final String PREFIX = "e2e/";
    private static TestInfrastructure infra;
    private static PipelineServices services;
    private static BatchClient client;
    private static JdbcClient jdbc;
    private static String batchId;

    @BeforeAll
    static void startPipeline() {
        infra = TestInfrastructure.shared();
        infra.resetState();
        Map<String, String> properties = new HashMap<>();
        properties.put("docpipe.ingestion.allowed-buckets", infra.endpoints().inputBucket());
        // Short backoff so a transient fault in this test costs seconds, not minutes.
        properties.put("docpipe.listener.backoff-initial", "1s");
        services = PipelineServices.start(infra.endpoints(), properties);
        client = services.batchClient();
        jdbc = JdbcClient.create(infra.dataSource());
    }

    @AfterAll
    static void stopPipeline() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    @Order(1)
    void processesEveryPageOnceAndFailsBadFilesWithTheirReasons() {
        put("one.pdf", SampleDocuments.pdf("Letter", 1));
        put("five.pdf", SampleDocuments.pdf("Report", 5));
        put("twenty-five.pdf", SampleDocuments.pdf("Manual", 25));
        put("truncated.pdf", SampleDocuments.truncatedPdf());
        put("notes.pdf", "just some text, not a PDF at all".getBytes());
        put("empty.pdf", new byte[0]);

        batchId = client.start(infra.endpoints().inputBucket(), List.of(PREFIX), Map.of());
        JsonNode batch = new BatchWatcher(client, new PrintStream(OutputStream.nullOutputStream())).await(batchId, Duration.ofMinutes(4));

        assertThat(batch.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(batch.path("documents").path("listed").asInt()).isEqualTo(6);
        assertThat(batch.path("documents").path("completed").asInt()).isEqualTo(3);
        assertThat(batch.path("documents").path("failed").asInt()).isEqualTo(3);
        assertThat(batch.path("documents").path("inFlight").asInt()).isZero();
        assertThat(batch.path("pages").path("inferred").asLong()).isEqualTo(31);

        assertThat(outcome("one.pdf")).isEqualTo("COMPLETED SINGLE 1 1");
        assertThat(outcome("five.pdf")).isEqualTo("COMPLETED SMALL 5 5");
        assertThat(outcome("twenty-five.pdf")).isEqualTo("COMPLETED LARGE 25 25");
        assertThat(outcome("truncated.pdf")).isEqualTo("FAILED CORRUPT");
        assertThat(outcome("notes.pdf")).isEqualTo("FAILED NOT_A_PDF");
        assertThat(outcome("empty.pdf")).isEqualTo("FAILED EMPTY_FILE");

        // Exactly one result per page, and every page of every completed document has one.
        assertThat(count("SELECT count(*) FROM inference_result r JOIN document d ON d.id = r.document_id WHERE d.batch_id = :b")).isEqualTo(31);
        assertThat(count("""
                SELECT count(*) FROM document d CROSS JOIN generate_series(1, d.page_count) AS n(page)
                 WHERE d.batch_id = :b AND d.status = 'COMPLETED'
                   AND NOT EXISTS (SELECT 1 FROM inference_result r WHERE r.document_id = d.id AND r.page_number = n.page)""")).isZero();

        // The OCR model read the page it was given.
        String text = jdbc.sql("""
                        SELECT r.raw_output ->> 'text' FROM inference_result r JOIN document d ON d.id = r.document_id
                         WHERE d.batch_id = :b AND d.object_key = :key AND r.page_number = 3""")
                .param("b", UUID.fromString(batchId)).param("key", PREFIX + "five.pdf").query(String.class).single();
        assertThat(text).containsIgnoringCase("Report page 3 of 5");

        // An audit row for every stage of every page: conversion and inference per page...
        for (String stage : List.of("CONVERSION", "INFERENCE")) {
            assertThat(count("""
                    SELECT count(DISTINCT (a.document_id, a.page_number)) FROM audit_event a JOIN document d ON d.id = a.document_id
                     WHERE d.batch_id = :b AND a.stage = '%s' AND a.outcome = 'SUCCEEDED'""".formatted(stage))).isEqualTo(31);
        }
        // ...and ingestion, classification and splitting per document.
        assertThat(stagesOf("twenty-five.pdf")).contains("INGESTION", "CLASSIFICATION", "LARGE_SPLIT", "SMALL_SPLIT", "CONVERSION", "INFERENCE");
        assertThat(stagesOf("five.pdf")).contains("INGESTION", "CLASSIFICATION", "SMALL_SPLIT", "CONVERSION", "INFERENCE");
        assertThat(stagesOf("truncated.pdf")).contains("INGESTION", "CLASSIFICATION");
        assertThat(count("SELECT count(*) FROM audit_event a JOIN document d ON d.id = a.document_id WHERE d.batch_id = :b AND d.object_key = '"
                + PREFIX + "truncated.pdf' AND a.stage = 'CLASSIFICATION' AND a.outcome = 'FAILED'")).isEqualTo(1);
        // Every audit row names its batch, also those of stages whose messages carry none (S3 events).
        assertThat(count("""
                SELECT count(*) FROM audit_event a JOIN document d ON d.id = a.document_id
                 WHERE d.batch_id = :b AND a.batch_id IS DISTINCT FROM d.batch_id""")).isZero();
        // Bad input fails at once: no retry was attempted for any of them.
        assertThat(count("SELECT count(*) FROM audit_event a JOIN document d ON d.id = a.document_id WHERE d.batch_id = :b AND a.outcome = 'RETRYING'")).isZero();
    }

    @Test
    @Order(2)
    void theSameMessagesDeliveredAgainChangeNothing() {
        UUID five = documentId("five.pdf");
        Map<String, Object> before = snapshot();
        long duplicatesBefore = count("SELECT count(*) FROM audit_event WHERE outcome = 'DUPLICATE'");

        // A converted-page notification and a conversion request, each delivered a second time.
        infra.sqsClient().sendMessage(b -> b.queueUrl(queueUrl("docpipe-page-converted")).messageBody(json(
                S3EventNotification.objectCreated(infra.endpoints().workBucket(), ObjectKeys.pageImage(five, 2), 1, Instant.now()))));
        infra.sqsClient().sendMessage(b -> b.queueUrl(queueUrl("docpipe-page-single")).messageBody(json(new ConvertPage(
                UUID.fromString(batchId), five, 4, infra.endpoints().workBucket(), ObjectKeys.singlePage(five, 4), SourceKind.PDF,
                new ProcessingOptions(150, "docpipe-ocr")))));

        // The page notification is a duplicate at the dispatcher; the conversion request is redone
        // (same key, same row) and its notification is then a duplicate at the dispatcher too.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(count("SELECT count(*) FROM audit_event WHERE outcome = 'DUPLICATE'")).isGreaterThanOrEqualTo(duplicatesBefore + 2));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void oneDocumentKeepsOneTraceIdThroughEveryService() throws Exception {
        // The 25-page document goes through every stage: classification, both splitters, conversion, inference.
        String document = documentId("twenty-five.pdf").toString();
        Pattern line = Pattern.compile(".*\\[([0-9a-f]{32})?\\] \\[" + document + "/\\d*\\] (?:([A-Z_]+) (SUCCEEDED|DUPLICATE) in)?.*");
        Set<String> traceIds = new HashSet<>();
        Set<String> stages = new HashSet<>();
        long lines = 0;
        for (String text : Files.readAllLines(Path.of("target", "docpipe.log"))) {
            Matcher m = line.matcher(text);
            if (m.matches()) {
                lines++;
                traceIds.add(String.valueOf(m.group(1)));
                if (m.group(2) != null) {
                    stages.add(m.group(2));
                }
            }
        }

        assertThat(lines).isGreaterThan(25);
        assertThat(stages).contains("CLASSIFICATION", "LARGE_SPLIT", "SMALL_SPLIT", "CONVERSION", "INFERENCE");
        assertThat(traceIds).hasSize(1).doesNotContain("null");
    }

    /**
     * RELIABILITY.md case 12: PostgreSQL goes away mid-batch and comes back. Work in progress
     * waits or is retried with backoff; no message is lost, no document fails for it, and every
     * page ends with exactly one result.
     */
    @Test
    @Order(4)
    void aDatabaseOutageMidBatchLosesNothing() throws InterruptedException {
        String prefix = "outage/";
        infra.s3Client().putObject(b -> b.bucket(infra.endpoints().inputBucket()).key(prefix + "manual.pdf"),
                RequestBody.fromBytes(SampleDocuments.pdf("Manual", 25)));
        infra.s3Client().putObject(b -> b.bucket(infra.endpoints().inputBucket()).key(prefix + "report.pdf"),
                RequestBody.fromBytes(SampleDocuments.pdf("Report", 5)));
        String outageBatch = client.start(infra.endpoints().inputBucket(), List.of(prefix), Map.of());
        UUID batch = UUID.fromString(outageBatch);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.sql(
                "SELECT coalesce(sum(pages_done), 0) FROM document WHERE batch_id = :b").param("b", batch).query(Long.class).single() > 0);

        infra.databaseOutage(true);
        try {
            Thread.sleep(Duration.ofSeconds(12));
        } finally {
            infra.databaseOutage(false);
        }

        JsonNode done = new BatchWatcher(client, new PrintStream(OutputStream.nullOutputStream())).await(outageBatch, Duration.ofMinutes(4));
        assertThat(done.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.path("documents").path("completed").asInt()).as("no document failed for the outage").isEqualTo(2);
        assertThat(done.path("reconciliation").path("exact").asBoolean()).isTrue();
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM inference_result r JOIN document d ON d.id = r.document_id WHERE d.batch_id = :b""")
                .param("b", batch).query(Long.class).single()).isEqualTo(30);
        assertThat(jdbc.sql("SELECT count(*) FROM page p JOIN document d ON d.id = p.document_id WHERE d.batch_id = :b AND p.status <> 'INFERRED'")
                .param("b", batch).query(Long.class).single()).isZero();
    }

    /**
     * A paused batch stops: no page is inferred while it is paused, its messages wait in
     * PostgreSQL instead of cycling through SQS (and towards the dead-letter queue), and resuming
     * finishes it with every page inferred once. The report then counts it all.
     */
    @Test
    @Order(5)
    void aPausedBatchStopsAndResumesWithNothingLostOrDoubled() throws InterruptedException {
        String prefix = "pause/";
        for (int i = 0; i < 6; i++) {
            int n = i;
            infra.s3Client().putObject(b -> b.bucket(infra.endpoints().inputBucket()).key(prefix + "report-" + n + ".pdf"),
                    RequestBody.fromBytes(SampleDocuments.pdf("Report " + n, 5)));
        }
        String id = client.start(infra.endpoints().inputBucket(), List.of(prefix), Map.of());
        UUID batch = UUID.fromString(id);
        // Paused mid-way: documents in every stage of the pipeline.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> results(batch) > 0);
        assertThat(client.control(id, "pause").path("status").asString()).isEqualTo("PAUSED");

        // Work that had started finishes; then nothing moves.
        long settled = awaitSteady(() -> results(batch), Duration.ofSeconds(5), Duration.ofMinutes(2));
        Thread.sleep(Duration.ofSeconds(5));
        assertThat(results(batch)).as("no page inferred while paused").isEqualTo(settled).isLessThan(30);
        assertThat(client.batch(id).path("status").asString()).isEqualTo("PAUSED");
        assertThat(jdbc.sql("SELECT count(*) FROM parked_message WHERE batch_id = :b").param("b", batch).query(Long.class).single())
                .as("messages parked").isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE batch_id = :b AND outcome = 'PARKED'").param("b", batch)
                .query(Long.class).single()).isPositive();

        JsonNode resumed = client.control(id, "resume");
        assertThat(resumed.path("status").asString()).isIn("RUNNING", "LISTING");
        JsonNode done = new BatchWatcher(client, new PrintStream(OutputStream.nullOutputStream())).await(id, Duration.ofMinutes(4));
        assertThat(done.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(results(batch)).isEqualTo(30);
        assertThat(jdbc.sql("SELECT count(*) FROM parked_message WHERE batch_id = :b").param("b", batch).query(Long.class).single()).isZero();

        JsonNode report = client.report(id);
        assertThat(report.path("documents").path("completed").asLong()).isEqualTo(6);
        assertThat(report.path("pages").path("inferred").asLong()).isEqualTo(30);
        assertThat(report.path("stages").findValuesAsString("stage")).contains("CLASSIFICATION", "CONVERSION", "INFERENCE");
        JsonNode hasText = null;
        for (JsonNode feature : report.path("features")) {
            if (feature.path("feature").asString().equals("hasText")) {
                hasText = feature;
            }
        }
        assertThat(hasText).as("the hasText feature in %s", report.path("features")).isNotNull();
        assertThat(hasText.path("pagesWith").asLong() + hasText.path("pagesWithout").asLong()).isEqualTo(30);
        long minutes = 0;
        for (JsonNode minute : report.path("throughput")) {
            minutes += minute.path("pages").asLong();
        }
        assertThat(minutes).as("pages per minute add up").isEqualTo(30);

        // The CLI's view of the same batch, over the API.
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        Map<String, String> environment = Map.of("DOCPIPE_URL", "http://127.0.0.1:" + services.ingestionPort(),
                "DOCPIPE_API_TOKEN", services.apiToken());
        assertThat(BatchCommand.run("status", new String[] {"status", id}, environment, new PrintStream(printed))).isZero();
        assertThat(printed.toString()).contains("COMPLETED [" + "#".repeat(30) + "] 100%  30/30 pages  6/6 documents");
        printed.reset();
        assertThat(BatchCommand.run("report", new String[] {"report", id}, environment, new PrintStream(printed))).isZero();
        assertThat(printed.toString()).contains("documents  6 listed, 6 completed, 0 failed, 0 cancelled, 0 in flight")
                .contains("pages      30 total, 30 inferred").containsPattern("hasText +\\d+ / \\d+")
                .containsPattern("cost       \\$\\d+\\.\\d{2} estimated");
        printed.reset();
        assertThat(BatchCommand.run("report", new String[] {"report", id, "--csv"}, environment, new PrintStream(printed))).isZero();
        assertThat(printed.toString()).startsWith("section,name,detail,value").contains("pages,inferred,,30");
    }

    /**
     * Cancelling ends every outstanding document CANCELLED at once; no result is recorded for a
     * cancelled document afterwards, and the batch's counts add up.
     */
    @Test
    @Order(6)
    void aCancelledBatchEndsItsOutstandingDocumentsAndStopsWorkingOnThem() throws InterruptedException {
        String prefix = "cancel/";
        for (int i = 0; i < 6; i++) {
            int n = i;
            infra.s3Client().putObject(b -> b.bucket(infra.endpoints().inputBucket()).key(prefix + "manual-" + n + ".pdf"),
                    RequestBody.fromBytes(SampleDocuments.pdf("Manual " + n, 5)));
        }
        String id = client.start(infra.endpoints().inputBucket(), List.of(prefix), Map.of());
        UUID batch = UUID.fromString(id);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> results(batch) > 0);

        JsonNode cancelled = client.control(id, "cancel");
        Instant cancelledAt = Instant.now();
        assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("documents").asLong()).as("documents cancelled").isPositive();

        Thread.sleep(Duration.ofSeconds(8));
        JsonNode view = client.batch(id);
        assertThat(view.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(jdbc.sql("SELECT count(*) FROM document WHERE batch_id = :b AND status IN ('PENDING', 'CLASSIFIED')")
                .param("b", batch).query(Long.class).single()).as("documents still in flight").isZero();
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM inference_result r JOIN document d ON d.id = r.document_id
                         WHERE d.batch_id = :b AND d.status = 'CANCELLED' AND r.created_at > :after""")
                .param("b", batch).param("after", java.sql.Timestamp.from(cancelledAt.plusSeconds(2))).query(Long.class).single())
                .as("results of cancelled documents after the cancel").isZero();
        Map<String, Object> counts = jdbc.sql("SELECT document_count, completed_count, failed_count, cancelled_count FROM batch WHERE id = :b")
                .param("b", batch).query().singleRow();
        assertThat(((Number) counts.get("completed_count")).longValue() + ((Number) counts.get("failed_count")).longValue()
                + ((Number) counts.get("cancelled_count")).longValue()).isEqualTo(((Number) counts.get("document_count")).longValue());
        assertThatThrownBy(() -> client.control(id, "pause")).hasMessageContaining("HTTP 409");
    }

    private static long results(UUID batch) {
        return jdbc.sql("SELECT count(*) FROM inference_result r JOIN document d ON d.id = r.document_id WHERE d.batch_id = :b")
                .param("b", batch).query(Long.class).single();
    }

    /** Waits until a figure has not changed for {@code quiet}, and returns it. */
    private static long awaitSteady(java.util.function.LongSupplier figure, Duration quiet, Duration atMost) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        long last = figure.getAsLong();
        Instant since = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            long now = figure.getAsLong();
            if (now != last) {
                last = now;
                since = Instant.now();
            } else if (Duration.between(since, Instant.now()).compareTo(quiet) >= 0) {
                return now;
            }
        }
        throw new AssertionError("the figure kept changing for " + atMost);
    }

    private Map<String, Object> snapshot() {
        return jdbc.sql("""
                        SELECT b.status, b.document_count, b.completed_count, b.failed_count,
                               (SELECT count(*) FROM inference_result) AS results,
                               (SELECT string_agg(status || pages_done, ',' ORDER BY object_key) FROM document WHERE batch_id = b.id) AS documents
                          FROM batch b WHERE b.id = :b""")
                .param("b", UUID.fromString(batchId)).query().singleRow();
    }

    private static String json(Object message) {
        return JsonMapper.builder().build().writeValueAsString(message);
    }

    private static String queueUrl(String name) {
        return infra.sqsClient().getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    private static void put(String name, byte[] bytes) {
        infra.s3Client().putObject(b -> b.bucket(infra.endpoints().inputBucket()).key(PREFIX + name), RequestBody.fromBytes(bytes));
    }

    private static String outcome(String name) {
        return jdbc.sql("""
                        SELECT CASE WHEN status = 'FAILED' THEN status || ' ' || failure_reason
                                    ELSE status || ' ' || doc_class || ' ' || page_count || ' ' || pages_done END
                          FROM document WHERE batch_id = :b AND object_key = :key""")
                .param("b", UUID.fromString(batchId)).param("key", PREFIX + name).query(String.class).single();
    }

    private static UUID documentId(String name) {
        return jdbc.sql("SELECT id FROM document WHERE batch_id = :b AND object_key = :key")
                .param("b", UUID.fromString(batchId)).param("key", PREFIX + name).query(UUID.class).single();
    }

    private static List<String> stagesOf(String name) {
        return jdbc.sql("SELECT DISTINCT stage FROM audit_event WHERE document_id = :d")
                .param("d", documentId(name)).query(String.class).list();
    }

    private static long count(String sql) {
        return jdbc.sql(sql).param("b", UUID.fromString(batchId)).query(Long.class).single();
    }
}
