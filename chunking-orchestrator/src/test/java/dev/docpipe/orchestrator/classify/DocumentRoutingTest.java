package dev.docpipe.orchestrator.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.contracts.SplitDocument;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestDocuments;
import dev.docpipe.testing.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator as it runs: a DocumentIngested on the real ingest queue, the document in the
 * real input bucket and database; the routing message is read back from the real target queue.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {
    "spring.config.name=chunking-orchestrator",
    // Stopping the listener waits for its long poll; a short one lets the context stop at once.
    "spring.cloud.aws.sqs.listener.poll-timeout=1s"
})
class DocumentRoutingTest {

    private static final String INGEST = "docpipe-ingest";
    private static final String PAGE_SINGLE = "docpipe-page-single";
    private static final String CHUNK_SMALL = "docpipe-chunk-small";
    private static final String CHUNK_LARGE = "docpipe-chunk-large";
    private static final ProcessingOptions OPTIONS = new ProcessingOptions(150, "docpipe-ocr");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final SqsClient sqs = infra.sqsClient();
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final String bucket = infra.endpoints().inputBucket();
    private final UUID batchId = UUID.randomUUID();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().registerSpringProperties(registry::add);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
        jdbc.sql("""
                        INSERT INTO batch (id, status, source_bucket, prefixes, options, document_count, listing_complete)
                        VALUES (:id, 'RUNNING', :bucket, ARRAY['routing/'], CAST('{"dpi":150,"model":"docpipe-ocr"}' AS jsonb), 1, true)""")
                .param("id", batchId)
                .param("bucket", bucket)
                .update();
    }

    @Test
    void routesAOnePageDocumentToPageSingle() {
        UUID document = ingest("routing/one.pdf", TestDocuments.pdf(1));

        awaitClassified(document, "SINGLE", 1);
        assertThat(receiveOne(PAGE_SINGLE, ConvertPage.class))
                .isEqualTo(new ConvertPage(batchId, document, 1, bucket, "routing/one.pdf", SourceKind.PDF, OPTIONS));
        assertThat(messagesIn(CHUNK_SMALL) + messagesIn(CHUNK_LARGE)).isZero();
        awaitAcknowledged();
    }

    @Test
    void routesAFivePageDocumentToChunkSmallAsOneChunk() {
        UUID document = ingest("routing/five.pdf", TestDocuments.pdf(5));

        awaitClassified(document, "SMALL", 5);
        assertThat(receiveOne(CHUNK_SMALL, SplitChunk.class))
                .isEqualTo(new SplitChunk(batchId, document, bucket, "routing/five.pdf", 1, 5, OPTIONS));
        assertThat(messagesIn(PAGE_SINGLE) + messagesIn(CHUNK_LARGE)).isZero();
        awaitAcknowledged();
    }

    @Test
    void routesATwelvePageDocumentToChunkLarge() {
        UUID document = ingest("routing/twelve.pdf", TestDocuments.pdf(12));

        awaitClassified(document, "LARGE", 12);
        assertThat(receiveOne(CHUNK_LARGE, SplitDocument.class))
                .isEqualTo(new SplitDocument(batchId, document, bucket, "routing/twelve.pdf", 12, OPTIONS));
        assertThat(messagesIn(PAGE_SINGLE) + messagesIn(CHUNK_SMALL)).isZero();
        awaitAcknowledged();
    }

    @Test
    void marksAnEncryptedPdfFailedWithoutRetry() {
        UUID document = ingest("routing/locked.pdf", TestDocuments.encryptedPdf());

        assertFailedAtOnce(document, FailureReason.ENCRYPTED);
    }

    static Stream<Arguments> unusableInput() {
        return Stream.of(
                Arguments.of("zero bytes", new byte[0], FailureReason.EMPTY_FILE),
                Arguments.of("plain text", "just some notes, not a PDF".getBytes(), FailureReason.NOT_A_PDF),
                Arguments.of("a truncated PDF", TestDocuments.truncatedPdf(), FailureReason.CORRUPT),
                Arguments.of("a PDF header then noise", TestDocuments.headerThenGarbage(), FailureReason.CORRUPT),
                Arguments.of("an object deleted after listing", null, FailureReason.SOURCE_MISSING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableInput")
    void failsUnusableInputAtOnceWithItsReason(String description, byte[] content, FailureReason reason) {
        UUID document = ingest("routing/bad.pdf", content);

        assertFailedAtOnce(document, reason);
    }

    /** FAILED with the reason, one audit row for one attempt, the message deleted, nothing routed. */
    private void assertFailedAtOnce(UUID document, FailureReason reason) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(audit(document, "FAILED")).isEqualTo(1));
        Map<String, Object> row = jdbc.sql("SELECT status, failure_reason, failure_stage, doc_class FROM document WHERE id = :id")
                .param("id", document)
                .query()
                .singleRow();
        assertThat(row).containsEntry("status", "FAILED")
                .containsEntry("failure_reason", reason.name())
                .containsEntry("failure_stage", "CLASSIFICATION")
                .containsEntry("doc_class", null);
        // A retry would have written its RETRYING row before the final one.
        assertThat(audit(document, "RETRYING")).isZero();
        assertThat(jdbc.sql("SELECT attempt FROM audit_event WHERE document_id = :id").param("id", document).query(Integer.class).list())
                .containsExactly(1);
        assertThat(jdbc.sql("SELECT failed_count FROM batch WHERE id = :id").param("id", batchId).query(Integer.class).single())
                .isEqualTo(1);
        // Deleted, not merely invisible while it backs off.
        awaitAcknowledged();
        assertThat(messagesIn(PAGE_SINGLE) + messagesIn(CHUNK_SMALL) + messagesIn(CHUNK_LARGE)).isZero();
    }

    /** Records the document PENDING as the lister would, uploads it (unless null), and announces it. */
    private UUID ingest(String key, byte[] content) {
        UUID document = UUID.randomUUID();
        if (content != null) {
            infra.s3Client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        }
        long size = content == null ? 1 : content.length;
        jdbc.sql("""
                        INSERT INTO document (id, batch_id, bucket, object_key, size_bytes, status)
                        VALUES (:id, :batch, :bucket, :key, :size, 'PENDING')""")
                .param("id", document)
                .param("batch", batchId)
                .param("bucket", bucket)
                .param("key", key)
                .param("size", size)
                .update();
        String body = """
                {"batchId":"%s","documentId":"%s","bucket":"%s","key":"%s","sizeBytes":%d,
                 "options":{"dpi":150,"model":"docpipe-ocr"}}""".formatted(batchId, document, bucket, key, size);
        sqs.sendMessage(b -> b.queueUrl(queueUrl(INGEST)).messageBody(body));
        return document;
    }

    private void awaitClassified(UUID document, String documentClass, int pages) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT concat_ws(' ', status, doc_class, page_count, source_kind) FROM document WHERE id = :id")
                .param("id", document)
                .query(String.class)
                .single()).isEqualTo("CLASSIFIED %s %d PDF".formatted(documentClass, pages)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit(document, "SUCCEEDED")).isEqualTo(1));
    }

    /** The ingest message is deleted (acknowledgements are batched, so it takes up to a second). */
    private void awaitAcknowledged() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messagesIn(INGEST)).isZero());
    }

    private <T> T receiveOne(String queue, Class<T> type) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl(queue)).maxNumberOfMessages(10).waitTimeSeconds(10))
                .messages();
        assertThat(messages).hasSize(1);
        return JSON.readValue(messages.getFirst().body(), type);
    }

    private long messagesIn(String queue) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl(queue)).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }

    private long audit(UUID document, String outcome) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE document_id = :id AND stage = 'CLASSIFICATION' AND outcome = :outcome")
                .param("id", document)
                .param("outcome", outcome)
                .query(Long.class)
                .single();
    }

    private String queueUrl(String name) {
        return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }
}
