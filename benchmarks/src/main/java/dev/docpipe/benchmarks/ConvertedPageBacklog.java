package dev.docpipe.benchmarks;

import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.embedded.InstalledQueue;
import dev.docpipe.embedded.LocalInfrastructure;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages as the image converter leaves them, ready for the dispatcher: one RUNNING batch, its
 * CLASSIFIED documents, a CONVERTED row and a PNG in the work bucket per page. Written once; each
 * round puts the rows back as they were and queues one page-converted notification per page, in
 * the S3 event shape the converter sends.
 */
final class ConvertedPageBacklog implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OPTIONS = "{\"dpi\":150,\"model\":\"docpipe-ocr\"}";
    private static final int SQS_BATCH_LIMIT = 10;

    private final LocalInfrastructure infrastructure;
    private final UUID batchId = UUID.randomUUID();
    private final List<String> keys = new ArrayList<>();
    /** One connection for all of it: the embedded DataSource does not pool, and a new backend per poll costs CPU. */
    private final SingleConnectionDataSource connection;
    private final JdbcTemplate jdbc;
    private final int imageSize;

    private ConvertedPageBacklog(LocalInfrastructure infrastructure, int imageSize) {
        this.infrastructure = infrastructure;
        try {
            this.connection = new SingleConnectionDataSource(infrastructure.dataSource().getConnection(), true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the database", e);
        }
        this.jdbc = new JdbcTemplate(connection);
        this.imageSize = imageSize;
    }

    static ConvertedPageBacklog write(LocalInfrastructure infrastructure, int pages, int pagesPerDocument, byte[] png) {
        ConvertedPageBacklog backlog = new ConvertedPageBacklog(infrastructure, png.length);
        int documents = (pages + pagesPerDocument - 1) / pagesPerDocument;
        backlog.jdbc.update("""
                INSERT INTO batch (id, status, source_bucket, prefixes, options, document_count, listing_complete)
                VALUES (?, 'RUNNING', ?, ARRAY['benchmark/'], CAST(? AS jsonb), ?, true)""",
                backlog.batchId, infrastructure.endpoints().inputBucket(), OPTIONS, documents);
        List<Object[]> documentRows = new ArrayList<>();
        List<Object[]> pageRows = new ArrayList<>();
        for (int d = 0; d < documents; d++) {
            UUID documentId = UUID.randomUUID();
            int count = Math.min(pagesPerDocument, pages - d * pagesPerDocument);
            documentRows.add(new Object[] {documentId, backlog.batchId, infrastructure.endpoints().inputBucket(),
                "benchmark/%05d.pdf".formatted(d), 100_000L, count});
            for (int n = 1; n <= count; n++) {
                String key = ObjectKeys.pageImage(documentId, n);
                backlog.keys.add(key);
                pageRows.add(new Object[] {documentId, n, key});
            }
        }
        backlog.jdbc.batchUpdate("""
                INSERT INTO document (id, batch_id, bucket, object_key, size_bytes, status, source_kind, doc_class, page_count)
                VALUES (?, ?, ?, ?, ?, 'CLASSIFIED', 'PDF', 'SMALL', ?)""", documentRows);
        backlog.jdbc.batchUpdate("INSERT INTO page (document_id, page_number, status, image_key) VALUES (?, ?, 'CONVERTED', ?)",
                pageRows);
        backlog.upload(png);
        return backlog;
    }

    private void upload(byte[] png) {
        String bucket = infrastructure.endpoints().workBucket();
        try (ExecutorService uploads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = keys.stream()
                    .<Future<?>>map(key -> uploads.submit(() -> infrastructure.s3Client()
                            .putObject(b -> b.bucket(bucket).key(key).contentType("image/png"), RequestBody.fromBytes(png))))
                    .toList();
            for (Future<?> upload : done) {
                upload.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not upload the page images", e);
        }
    }

    int pages() {
        return keys.size();
    }

    /** Back to CONVERTED and CLASSIFIED, with no results: as if the dispatcher had never seen the pages. */
    void reset() {
        jdbc.update("DELETE FROM inference_result WHERE batch_id = ?", batchId);
        jdbc.update("UPDATE page SET status = 'CONVERTED' WHERE document_id IN (SELECT id FROM document WHERE batch_id = ?)", batchId);
        jdbc.update("UPDATE document SET status = 'CLASSIFIED', pages_done = 0, completed_at = NULL WHERE batch_id = ?", batchId);
        jdbc.update("UPDATE batch SET status = 'RUNNING', completed_count = 0, failed_count = 0, completed_at = NULL WHERE id = ?",
                batchId);
        // Every round starts from the same tables: no dead rows from the last one, fresh statistics.
        jdbc.execute("VACUUM ANALYZE inference_result, page, document, batch");
    }

    /** One page-converted notification per page, sent ten to a call. */
    void queueNotifications() {
        String queueUrl = infrastructure.queues().stream()
                .filter(q -> q.queue() == PipelineQueue.PAGE_CONVERTED)
                .map(InstalledQueue::url)
                .findFirst()
                .orElseThrow();
        String bucket = infrastructure.endpoints().workBucket();
        for (int from = 0; from < keys.size(); from += SQS_BATCH_LIMIT) {
            List<SendMessageBatchRequestEntry> entries = IntStream.range(from, Math.min(from + SQS_BATCH_LIMIT, keys.size()))
                    .mapToObj(i -> SendMessageBatchRequestEntry.builder()
                            .id(Integer.toString(i))
                            .messageBody(JSON.writeValueAsString(S3EventNotification.objectCreated(bucket, keys.get(i), imageSize,
                                    Instant.now())))
                            .build())
                    .toList();
            var result = infrastructure.sqsClient().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (!result.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused %d notifications: %s".formatted(result.failed().size(),
                        result.failed().getFirst().message()));
            }
        }
    }

    /** Pages of the batch with their result, and when the last one was written (database clock, epoch micros). */
    Progress progress() {
        return JdbcClient.create(jdbc).sql("""
                        SELECT count(*) AS results, CAST(extract(epoch FROM max(r.created_at)) * 1000000 AS bigint) AS last_micros
                          FROM inference_result r WHERE r.batch_id = :batch""")
                .param("batch", batchId)
                .query(Progress.class)
                .single();
    }

    record Progress(long results, Long lastMicros) {}

    @Override
    public void close() {
        connection.destroy();
    }
}
