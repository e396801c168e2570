package dev.docpipe.small.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.core.document.LeanPartBuilder;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.PipelineRows;
import dev.docpipe.testing.TestDocuments;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * The small-document worker as it runs, on real SQS, S3 and PostgreSQL with a real sandbox
 * process: a chunk (pages 11-20 of a document) is split into single pages numbered by the
 * document, each traced to its chunk, and the same chunk message delivered twice repeats the same
 * keys and adds no lineage row.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {
    "spring.config.name=small-doc-worker",
    "spring.cloud.aws.sqs.listener.poll-timeout=1s",
    "docpipe.sandbox.heap=64MB"
})
class ChunkRedeliveryTest {

    private static final String CHUNK_SMALL = "docpipe-chunk-small";
    private static final String PAGE_SINGLE = "docpipe-page-single";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final String workBucket = infra.endpoints().workBucket();
    private final UUID batchId = UUID.randomUUID();
    private final UUID documentId = UUID.randomUUID();
    private final String chunkKey = "chunks/%s/11-20.pdf".formatted(documentId);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().registerSpringProperties(registry::add);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
        // Pages 11-20 of a 25-page document, as the large-document worker stores them.
        byte[] document = TestDocuments.pdf(25);
        byte[] chunk = pages(document, 11, 20);
        infra.s3Client().putObject(b -> b.bucket(workBucket).key(chunkKey), RequestBody.fromBytes(chunk));
        PipelineRows rows = new PipelineRows(infra);
        rows.runningBatch(batchId, infra.endpoints().inputBucket(), "in/", 1);
        rows.classifiedDocument(batchId, documentId, infra.endpoints().inputBucket(), "in/big.pdf", document.length, "PDF", "LARGE", 25);
    }

    @Test
    void aRedeliveredChunkWritesTheSameKeysAndNoDuplicateRows() throws IOException {
        sendChunk();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(splitAudit()).containsExactly("SUCCEEDED"));
        sendChunk();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(splitAudit()).containsExactly("SUCCEEDED", "SUCCEEDED"));

        List<S3Object> singles = infra.s3Client().listObjectsV2(b -> b.bucket(workBucket).prefix("singles/" + documentId + "/")).contents();
        assertThat(singles).extracting(S3Object::key).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(11, 20).mapToObj(n -> "singles/%s/%d.pdf".formatted(documentId, n)).toList());
        assertThat(textOf("singles/%s/17.pdf".formatted(documentId))).contains("Page 17 of 25");
        assertThat(jdbc.sql("""
                        SELECT concat_ws(' ', count(*), min(first_page), max(last_page), count(DISTINCT object_key))
                          FROM split_part WHERE document_id = :id AND kind = 'PAGE' AND parent_key = :chunk AND parent_first_page = 11""")
                .param("id", documentId).param("chunk", chunkKey).query(String.class).single())
                .isEqualTo("10 11 20 10");
        assertThat(jdbc.sql("SELECT count(*) FROM split_completed WHERE document_id = :id").param("id", documentId)
                .query(Integer.class).single()).isEqualTo(1);
        // Both deliveries announce every page; the converter's writes are idempotent on (document, page).
        assertThat(pagesAnnounced()).isEqualTo(IntStream.rangeClosed(11, 20).boxed().collect(Collectors.toSet()));
    }

    private void sendChunk() {
        String body = """
                {"batchId":"%s","documentId":"%s","bucket":"%s","key":"%s","firstPage":11,"pageCount":10,
                 "options":{"dpi":150,"model":"docpipe-ocr"}}""".formatted(batchId, documentId, workBucket, chunkKey);
        infra.sqsClient().sendMessage(b -> b.queueUrl(queues.url(CHUNK_SMALL)).messageBody(body));
    }

    private Set<Integer> pagesAnnounced() {
        String url = queues.url(PAGE_SINGLE);
        Set<Integer> pages = new HashSet<>();
        int received = 0;
        for (int i = 0; i < 10 && received < 20; i++) {
            List<Message> messages = infra.sqsClient().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            received += messages.size();
            messages.forEach(m -> pages.add(JSON.readValue(m.body(), ConvertPage.class).pageNumber()));
        }
        assertThat(received).isEqualTo(20);
        return pages;
    }

    private String textOf(String key) throws IOException {
        try (PDDocument page = Loader.loadPDF(infra.s3Client().getObjectAsBytes(b -> b.bucket(workBucket).key(key)).asByteArray())) {
            assertThat(page.getNumberOfPages()).isEqualTo(1);
            return new PDFTextStripper().getText(page);
        }
    }

    private List<String> splitAudit() {
        return jdbc.sql("SELECT outcome FROM audit_event WHERE document_id = :id AND stage = 'SMALL_SPLIT' ORDER BY id")
                .param("id", documentId).query(String.class).list();
    }

    private static byte[] pages(byte[] document, int first, int last) {
        try (PDDocument source = Loader.loadPDF(document); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            try (PDDocument part = new LeanPartBuilder(source).build(first, last)) {
                part.save(out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
