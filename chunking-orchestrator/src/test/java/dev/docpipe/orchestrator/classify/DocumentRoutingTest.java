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
import dev.docpipe.testing.TestQueues;
import java.time.Duration;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.sqs.model.Message;
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

    private static final String PAGE_SINGLE = "docpipe-page-single";
    private static final String CHUNK_SMALL = "docpipe-chunk-small";
    private static final String CHUNK_LARGE = "docpipe-chunk-large";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ProcessingOptions OPTIONS = new ProcessingOptions(150, "docpipe-ocr");

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final RoutingFixture routing = new RoutingFixture(infra);
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final String bucket = routing.bucket();
    private final UUID batchId = routing.batchId();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().registerSpringProperties(registry::add);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
        routing.runningBatch("routing/", 1);
    }

    @Test
    void routesAOnePageDocumentToPageSingle() {
        UUID document = routing.ingest("routing/one.pdf", TestDocuments.pdf(1));

        awaitClassified(document, "SINGLE", 1);
        assertThat(routing.receiveOne(PAGE_SINGLE, ConvertPage.class))
                .isEqualTo(new ConvertPage(batchId, document, 1, bucket, "routing/one.pdf", SourceKind.PDF, OPTIONS));
        assertThat(queues.messagesIn(CHUNK_SMALL) + queues.messagesIn(CHUNK_LARGE)).isZero();
        awaitAcknowledged();
    }

    @Test
    void routesAFivePageDocumentToChunkSmallAsOneChunk() {
        UUID document = routing.ingest("routing/five.pdf", TestDocuments.pdf(5));

        awaitClassified(document, "SMALL", 5);
        assertThat(routing.receiveOne(CHUNK_SMALL, SplitChunk.class))
                .isEqualTo(new SplitChunk(batchId, document, bucket, "routing/five.pdf", 1, 5, OPTIONS));
        assertThat(routing.auditDetail(document)).startsWith("class=SMALL pages=5 kind=PDF because pages 5 in 2..10, size ");
        assertThat(queues.messagesIn(PAGE_SINGLE) + queues.messagesIn(CHUNK_LARGE)).isZero();
        awaitAcknowledged();
    }

    @Test
    void routesATwelvePageDocumentToChunkLarge() {
        UUID document = routing.ingest("routing/twelve.pdf", TestDocuments.pdf(12));

        awaitClassified(document, "LARGE", 12);
        assertThat(routing.receiveOne(CHUNK_LARGE, SplitDocument.class))
                .isEqualTo(new SplitDocument(batchId, document, bucket, "routing/twelve.pdf", 12, OPTIONS));
        // The audit trail says which class, and which threshold decided it.
        assertThat(routing.auditDetail(document)).isEqualTo("class=LARGE pages=12 kind=PDF because pages 12 > 10");
        assertThat(queues.messagesIn(PAGE_SINGLE) + queues.messagesIn(CHUNK_SMALL)).isZero();
        awaitAcknowledged();
    }

    @Test
    void sendsEachPageOfAMultiPageTiffToPageSingleOnItsOwn() {
        UUID document = routing.ingest("routing/scan.tiff", TestDocuments.multiPageTiff(3, 200, 100));

        awaitClassified(document, "SINGLE", 3, "IMAGE");
        List<Integer> pages = new ArrayList<>();
        for (Message message : queues.receive(PAGE_SINGLE, 3)) {
            ConvertPage page = JSON.readValue(message.body(), ConvertPage.class);
            assertThat(page.key()).isEqualTo("routing/scan.tiff");
            assertThat(page.kind()).isEqualTo(SourceKind.IMAGE);
            pages.add(page.pageNumber());
        }
        assertThat(pages).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(queues.messagesIn(CHUNK_SMALL) + queues.messagesIn(CHUNK_LARGE)).isZero();
        awaitAcknowledged();
    }

    @Test
    void marksAnEncryptedPdfFailedWithoutRetry() {
        UUID document = routing.ingest("routing/locked.pdf", TestDocuments.encryptedPdf());

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
        UUID document = routing.ingest("routing/bad.pdf", content);

        assertFailedAtOnce(document, reason);
    }

    /** FAILED with the reason, one audit row for one attempt, the message deleted, nothing routed. */
    private void assertFailedAtOnce(UUID document, FailureReason reason) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(routing.audit(document, "FAILED")).isEqualTo(1));
        Map<String, Object> row = jdbc.sql("SELECT status, failure_reason, failure_stage, doc_class FROM document WHERE id = :id")
                .param("id", document)
                .query()
                .singleRow();
        assertThat(row).containsEntry("status", "FAILED")
                .containsEntry("failure_reason", reason.name())
                .containsEntry("failure_stage", "CLASSIFICATION")
                .containsEntry("doc_class", null);
        // A retry would have written its RETRYING row before the final one.
        assertThat(routing.audit(document, "RETRYING")).isZero();
        assertThat(jdbc.sql("SELECT attempt FROM audit_event WHERE document_id = :id").param("id", document).query(Integer.class).list())
                .containsExactly(1);
        assertThat(jdbc.sql("SELECT failed_count FROM batch WHERE id = :id").param("id", batchId).query(Integer.class).single())
                .isEqualTo(1);
        // Deleted, not merely invisible while it backs off.
        awaitAcknowledged();
        assertThat(queues.messagesIn(PAGE_SINGLE) + queues.messagesIn(CHUNK_SMALL) + queues.messagesIn(CHUNK_LARGE)).isZero();
    }

    private void awaitClassified(UUID document, String documentClass, int pages) {
        awaitClassified(document, documentClass, pages, "PDF");
    }

    private void awaitClassified(UUID document, String documentClass, int pages, String kind) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT concat_ws(' ', status, doc_class, page_count, source_kind) FROM document WHERE id = :id")
                .param("id", document)
                .query(String.class)
                .single()).isEqualTo("CLASSIFIED %s %d %s".formatted(documentClass, pages, kind)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(routing.audit(document, "SUCCEEDED")).isEqualTo(1));
    }

    /** The ingest message is deleted (acknowledgements are batched, so it takes up to a second). */
    private void awaitAcknowledged() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queues.messagesIn(RoutingFixture.INGEST)).isZero());
    }
}
