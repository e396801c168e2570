package dev.docpipe.failsafe.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.PipelineRows;
import dev.docpipe.testing.TestDocuments;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The failsafe worker as it runs, on the real dead-letter queues: a dead-lettered page fails alone
 * and its document completes with the rest; a dead-lettered document message, or every page of
 * a document dead-lettered, ends the document FAILED with RETRIES_EXHAUSTED and the stage, once.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {
    "spring.config.name=failsafe-worker",
    // Stopping the listener waits for its long poll; a short one lets the context stop at once.
    "spring.cloud.aws.sqs.listener.poll-timeout=1s"
})
class DeadLetterResolutionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final UUID batchId = UUID.randomUUID();
    private final UUID documentId = UUID.randomUUID();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().registerSpringProperties(registry::add);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
        PipelineRows rows = new PipelineRows(infra);
        rows.runningBatch(batchId, "docpipe-input", "in/", 1);
        rows.classifiedDocument(batchId, documentId, "docpipe-input", "in/doc.pdf", 100, "PDF", "SMALL", 2);
    }

    @Test
    void convertsADeadLetteredPageOnceMoreAtTheLowestAcceptableResolution() {
        infra.s3Client().putObject(b -> b.bucket(infra.endpoints().workBucket()).key(ObjectKeys.singlePage(documentId, 2)),
                RequestBody.fromBytes(TestDocuments.pdf(1)));
        send("docpipe-page-single-dlq", new ConvertPage(batchId, documentId, 2, infra.endpoints().workBucket(),
                ObjectKeys.singlePage(documentId, 2), SourceKind.PDF, new ProcessingOptions(300, "docpipe-ocr")));

        await().atMost(Duration.ofSeconds(60)).until(() -> "CONVERTED".equals(page(2)));
        assertThat(jdbc.sql("SELECT render_dpi FROM page WHERE document_id = :id AND page_number = 2").param("id", documentId)
                .query(Integer.class).single()).as("the failsafe's resolution, not the batch's 300").isEqualTo(100);
        JsonNode converted = JSON.readTree(queues.receiveOne("docpipe-page-converted").body());
        assertThat(converted.path("Records").path(0).path("s3").path("object").path("key").asString())
                .isEqualTo(ObjectKeys.pageImage(documentId, 2));
        assertThat(document()).containsEntry("status", "CLASSIFIED");
        await().atMost(Duration.ofSeconds(10)).until(() -> queues.messagesIn("docpipe-page-single-dlq") == 0);
    }

    @Test
    void failsAPageItCannotConvertEitherAloneAndTheDocumentCompletesWithItsOtherPages() {
        send("docpipe-page-single-dlq", new ConvertPage(batchId, documentId, 2, "docpipe-work",
                ObjectKeys.singlePage(documentId, 2), SourceKind.PDF, new ProcessingOptions(150, "docpipe-ocr")));

        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(page(2)));
        assertThat(jdbc.sql("SELECT concat_ws(' ', failure_reason, failure_stage) FROM page WHERE document_id = :id AND page_number = 2")
                .param("id", documentId).query(String.class).single()).isEqualTo("SOURCE_MISSING FAILSAFE");
        assertThat(document()).containsEntry("status", "CLASSIFIED");

        new DocumentLedger(jdbc, new TransactionTemplate(new DataSourceTransactionManager(infra.dataSource()))).pageDone(documentId);

        assertThat(document()).containsEntry("status", "COMPLETED").containsEntry("failure_detail", "1 of 2 pages failed");
        assertThat(jdbc.sql("SELECT status || ' ' || completed_count FROM batch WHERE id = :id").param("id", batchId)
                .query(String.class).single()).isEqualTo("COMPLETED 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> queues.messagesIn("docpipe-page-single-dlq") == 0);
    }

    @Test
    void aDocumentWhoseEveryPageWasDeadLetteredFailsOnceWithRetriesExhaustedAndTheStage() {
        for (int page = 1; page <= 2; page++) {
            send("docpipe-page-converted-dlq", S3EventNotification.objectCreated("docpipe-work",
                    ObjectKeys.pageImage(documentId, page), 10, Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(document().get("status")));
        send("docpipe-page-converted-dlq", S3EventNotification.objectCreated("docpipe-work",
                ObjectKeys.pageImage(documentId, 2), 10, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> queues.messagesIn("docpipe-page-converted-dlq") == 0);

        assertThat(document()).containsEntry("failure_reason", "RETRIES_EXHAUSTED").containsEntry("failure_stage", "INFERENCE");
        assertThat(document().get("failure_detail").toString()).contains("every page failed", "docpipe-page-converted-dlq");
        assertThat(jdbc.sql("SELECT status || ' ' || failed_count FROM batch WHERE id = :id").param("id", batchId)
                .query(String.class).single()).isEqualTo("COMPLETED 1");
    }

    @Test
    void breaksADeadLetteredSplitDownPageByPage() {
        String chunk = ObjectKeys.chunk(documentId, 1, 2);
        infra.s3Client().putObject(b -> b.bucket(infra.endpoints().workBucket()).key(chunk), RequestBody.fromBytes(TestDocuments.pdf(2)));
        send("docpipe-chunk-small-dlq", new SplitChunk(batchId, documentId, infra.endpoints().workBucket(), chunk, 1, 2,
                new ProcessingOptions(150, "docpipe-ocr")));

        await().atMost(Duration.ofSeconds(60)).until(() -> queues.messagesIn("docpipe-page-single") == 2);
        for (int page = 1; page <= 2; page++) {
            String key = ObjectKeys.singlePage(documentId, page);
            assertThat(infra.s3Client().headObject(b -> b.bucket(infra.endpoints().workBucket()).key(key)).contentLength()).isPositive();
        }
        assertThat(document()).containsEntry("status", "CLASSIFIED");
    }

    @Test
    void failsTheDocumentOfADeadLetteredSplitWhoseSourceIsGone() {
        send("docpipe-chunk-small-dlq", new SplitChunk(batchId, documentId, "docpipe-input", "in/doc.pdf", 1, 2,
                new ProcessingOptions(150, "docpipe-ocr")));

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(document().get("status")));
        assertThat(document()).containsEntry("failure_reason", "SOURCE_MISSING").containsEntry("failure_stage", "FAILSAFE");
    }

    @Test
    void dropsADeadLetterThatNamesNoDocumentAfterLoggingIt() {
        send("docpipe-page-converted-dlq", S3EventNotification.objectCreated("docpipe-work", "uploads/foreign.png", 10, Instant.now()));

        await().atMost(Duration.ofSeconds(10)).until(() -> queues.messagesIn("docpipe-page-converted-dlq") == 0);
        assertThat(document()).containsEntry("status", "CLASSIFIED");
    }

    private void send(String queue, Object message) {
        infra.sqsClient().sendMessage(b -> b.queueUrl(queues.url(queue)).messageBody(JSON.writeValueAsString(message)));
    }

    private String page(int number) {
        return jdbc.sql("SELECT status FROM page WHERE document_id = :id AND page_number = :page")
                .param("id", documentId).param("page", number).query(String.class).optional().orElse(null);
    }

    private Map<String, Object> document() {
        return jdbc.sql("SELECT status, failure_reason, failure_stage, failure_detail FROM document WHERE id = :id")
                .param("id", documentId).query().singleRow();
    }
}
