package dev.docpipe.large.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.PipelineRows;
import dev.docpipe.testing.TestDocuments;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The large-document worker as it runs, on real SQS, S3 and PostgreSQL, splitting in a real
 * sandbox process whose heap is capped at 64 MB. Its queue here has a 2 s visibility timeout, so
 * a split that outlives it is only delivered once thanks to the visibility heartbeat.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {
    "spring.config.name=large-doc-worker",
    "spring.cloud.aws.sqs.listener.poll-timeout=1s",
    "docpipe.sandbox.heap=64MB",
    "docpipe.sandbox.processes=1"
})
class LargeDocumentSplitTest {

    private static final String SHORT_VISIBILITY_QUEUE = "docpipe-test-chunk-large-2s";
    private static final String CHUNK_SMALL = "docpipe-chunk-small";
    /** Enough pages for the split to outlast the queue's 2 s visibility timeout twice over. */
    private static final int PAGES = 2_405;

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final String inputBucket = infra.endpoints().inputBucket();
    private final String workBucket = infra.endpoints().workBucket();
    private final UUID batchId = UUID.randomUUID();
    private final UUID documentId = UUID.randomUUID();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.registerSpringProperties(registry::add);
        infra.sqsClient().createQueue(b -> b.queueName(SHORT_VISIBILITY_QUEUE)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2")));
        registry.add("docpipe.queue.chunk-large", () -> SHORT_VISIBILITY_QUEUE);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @Test
    void splitsA2405PageDocumentIntoTenPageChunksInA64MegabyteSandbox() throws IOException {
        byte[] pdf = TestDocuments.pdf(PAGES);
        largeDocument("large/big.pdf", pdf);

        split("large/big.pdf", PAGES);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(splitAudit()).containsExactly("SUCCEEDED@1"));
        List<S3Object> chunks = infra.s3Client().listObjectsV2Paginator(b -> b.bucket(workBucket).prefix("chunks/" + documentId + "/"))
                .contents().stream().toList();
        assertThat(chunks).hasSize(241);
        assertThat(pagesOf("chunks/%s/1-10.pdf".formatted(documentId))).isEqualTo(10);
        assertThat(pagesOf("chunks/%s/2401-2405.pdf".formatted(documentId))).isEqualTo(5);
        assertThat(queues.messagesIn(CHUNK_SMALL)).isEqualTo(241);
        assertThat(jdbc.sql("""
                        SELECT concat_ws(' ', count(*), sum(last_page - first_page + 1), min(first_page), max(last_page))
                          FROM split_part WHERE document_id = :id AND kind = 'CHUNK' AND parent_key = 'large/big.pdf'""")
                .param("id", documentId).query(String.class).single())
                .isEqualTo("241 2405 1 2405");
        assertThat(jdbc.sql("SELECT concat_ws(' ', stage, first_page, last_page, parts) FROM split_completed WHERE document_id = :id")
                .param("id", documentId).query(String.class).single())
                .isEqualTo("LARGE_SPLIT 1 2405 241");
        // One delivery, though the split outlived the queue's 2 s visibility timeout (3.5 s or more
        // here, in a sandbox JVM that has not compiled its hot code yet).
        assertThat(jdbc.sql("SELECT duration_ms FROM audit_event WHERE document_id = :id AND stage = 'LARGE_SPLIT'")
                .param("id", documentId).query(Integer.class).single()).isGreaterThan(2_000);
        // Deleted (acknowledgements are batched, so it takes up to a second), not merely invisible.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queues.messagesIn(SHORT_VISIBILITY_QUEUE)).isZero());
    }

    private void largeDocument(String key, byte[] content) {
        infra.s3Client().putObject(b -> b.bucket(inputBucket).key(key), RequestBody.fromBytes(content));
        PipelineRows rows = new PipelineRows(infra);
        rows.runningBatch(batchId, inputBucket, "large/", 1);
        rows.classifiedDocument(batchId, documentId, inputBucket, key, content.length, "PDF", "LARGE", PAGES);
    }

    private void split(String key, int pages) {
        String body = """
                {"batchId":"%s","documentId":"%s","bucket":"%s","key":"%s","pageCount":%d,
                 "options":{"dpi":150,"model":"docpipe-ocr"}}""".formatted(batchId, documentId, inputBucket, key, pages);
        infra.sqsClient().sendMessage(b -> b.queueUrl(queues.url(SHORT_VISIBILITY_QUEUE)).messageBody(body));
    }

    private int pagesOf(String key) throws IOException {
        try (PDDocument chunk = Loader.loadPDF(infra.s3Client().getObjectAsBytes(b -> b.bucket(workBucket).key(key)).asByteArray())) {
            return chunk.getNumberOfPages();
        }
    }

    /** The outcome and attempt of each audit row of the split. */
    private List<String> splitAudit() {
        return jdbc.sql("SELECT outcome || '@' || attempt FROM audit_event WHERE document_id = :id AND stage = 'LARGE_SPLIT' ORDER BY id")
                .param("id", documentId).query(String.class).list();
    }
}
