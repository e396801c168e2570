package dev.docpipe.orchestrator.classify;

import dev.docpipe.testing.PipelineRows;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * The routing tests' side of the orchestrator: one RUNNING batch in the input bucket, documents
 * ingested into it as the ingestion service would, and what classification leaves behind.
 */
final class RoutingFixture {

    static final String INGEST = "docpipe-ingest";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra;
    private final PipelineRows rows;
    private final TestQueues queues;
    private final JdbcClient jdbc;
    private final String bucket;
    private final UUID batchId = UUID.randomUUID();

    RoutingFixture(TestInfrastructure infra) {
        this.infra = infra;
        this.rows = new PipelineRows(infra);
        this.queues = new TestQueues(infra);
        this.jdbc = JdbcClient.create(infra.dataSource());
        this.bucket = infra.endpoints().inputBucket();
    }

    String bucket() {
        return bucket;
    }

    UUID batchId() {
        return batchId;
    }

    /** The batch, listed in full: {@code documents} documents under {@code prefix}. */
    void runningBatch(String prefix, int documents) {
        rows.runningBatch(batchId, bucket, prefix, documents);
    }

    /** Records the document PENDING as the lister would, uploads it (unless null), and announces it. */
    UUID ingest(String key, byte[] content) {
        return ingest(key, content, 0);
    }

    /** As {@link #ingest(String, byte[])}, the announcement delayed by {@code delaySeconds}. */
    UUID ingest(String key, byte[] content, int delaySeconds) {
        UUID document = UUID.randomUUID();
        if (content != null) {
            infra.s3Client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        }
        long size = content == null ? 1 : content.length;
        rows.pendingDocument(batchId, document, bucket, key, size);
        String body = """
                {"batchId":"%s","documentId":"%s","bucket":"%s","key":"%s","sizeBytes":%d,
                 "options":{"dpi":150,"model":"docpipe-ocr"}}""".formatted(batchId, document, bucket, key, size);
        infra.sqsClient().sendMessage(b -> b.queueUrl(queues.url(INGEST)).messageBody(body).delaySeconds(delaySeconds));
        return document;
    }

    /** The one message in {@code queue}, read as {@code type}. */
    <T> T receiveOne(String queue, Class<T> type) {
        return JSON.readValue(queues.receiveOne(queue).body(), type);
    }

    /** The detail of the document's one successful classification row. */
    String auditDetail(UUID document) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE document_id = :id AND stage = 'CLASSIFICATION' AND outcome = 'SUCCEEDED'")
                .param("id", document)
                .query(String.class)
                .single();
    }

    /** Audit rows of the document's classification with this outcome. */
    long audit(UUID document, String outcome) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE document_id = :id AND stage = 'CLASSIFICATION' AND outcome = :outcome")
                .param("id", document)
                .param("outcome", outcome)
                .query(Long.class)
                .single();
    }
}
