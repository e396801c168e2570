package dev.docpipe.ingestion.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.ingestion.IngestionTestProperties;
import dev.docpipe.testing.ApiClient;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.PipelineRows;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's actions over HTTP, on the real queues and database: dead-letter depths, a
 * redrive back to the source queue (RELIABILITY.md case 6), and reprocessing failed documents.
 */
@PipelineInfrastructure
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=ingestion-service")
class OperationsApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final PipelineRows rows = new PipelineRows(infra);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestionTestProperties.register(registry);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @Test
    void redrivesADeadLetterQueueBackToItsSourceOnceAndSaysSo() throws Exception {
        String body = "{\"documentId\":\"%s\",\"pageNumber\":1}".formatted(UUID.randomUUID());
        infra.sqsClient().sendMessage(b -> b.queueUrl(queues.url("docpipe-page-single-dlq")).messageBody(body));

        JsonNode before = JSON.readTree(get("/dead-letters").body());
        assertThat(before.path("alarm").asBoolean()).isTrue();
        assertThat(depth(before, "page-single")).isEqualTo(1);

        HttpResponse<String> redrive = post("/dead-letters/page-single/redrive");
        assertThat(redrive.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(redrive.body()).path("queue").asString()).isEqualTo("PAGE_SINGLE");

        Message moved = queues.receiveOne("docpipe-page-single");
        assertThat(moved.body()).isEqualTo(body);
        assertThat(queues.messagesIn("docpipe-page-single-dlq")).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                JSON.readTree(get("/dead-letters").body()).path("queues").findValues("lastRedrive").getFirst().path("status").asString())
                .isEqualTo("COMPLETED"));
        assertThat(post("/dead-letters/page-single/redrive").statusCode()).as("redriving an empty queue is harmless").isEqualTo(202);
        assertThat(post("/dead-letters/no-such-queue/redrive").statusCode()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(jdbc.sql(
                "SELECT count(*) FROM audit_event WHERE outcome = 'REQUEUED' AND detail LIKE 'redrive of %'").query(Long.class).single())
                .isGreaterThanOrEqualTo(1));
    }

    @Test
    void reprocessesAFailedDocumentFromTheStartOnceAndReopensItsBatch() throws Exception {
        UUID batch = UUID.randomUUID();
        UUID failed = UUID.randomUUID();
        UUID completed = UUID.randomUUID();
        rows.runningBatch(batch, "docpipe-input", "ops/", 2, "{\"dpi\":200,\"model\":\"docpipe-ocr\",\"backend\":\"textract\"}");
        rows.classifiedDocument(batch, failed, "docpipe-input", "ops/a.pdf", 1234, "PDF", "SINGLE", 1);
        rows.classifiedDocument(batch, completed, "docpipe-input", "ops/b.pdf", 99, "PDF", "SINGLE", 1);
        jdbc.sql("INSERT INTO page (document_id, page_number, status) VALUES (:id, 1, 'CONVERTED')").param("id", failed).update();
        jdbc.sql("UPDATE document SET status = 'FAILED', failure_reason = 'TIMEOUT', failure_stage = 'CONVERSION' WHERE id = :id")
                .param("id", failed).update();
        jdbc.sql("UPDATE document SET status = 'COMPLETED', pages_done = 1 WHERE id = :id").param("id", completed).update();
        jdbc.sql("UPDATE batch SET status = 'COMPLETED', completed_count = 1, failed_count = 1 WHERE id = :id").param("id", batch).update();

        HttpResponse<String> reprocessed = post("/documents/%s/reprocess".formatted(failed));

        assertThat(reprocessed.statusCode()).isEqualTo(202);
        assertThat(jdbc.sql("SELECT concat_ws(' ', status, failure_reason, page_count, pages_done) FROM document WHERE id = :id")
                .param("id", failed).query(String.class).single()).isEqualTo("PENDING 0");
        assertThat(jdbc.sql("SELECT count(*) FROM page WHERE document_id = :id").param("id", failed).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT concat_ws(' ', status, completed_count, failed_count) FROM batch WHERE id = :id")
                .param("id", batch).query(String.class).single()).isEqualTo("RUNNING 1 0");
        JsonNode ingested = JSON.readTree(queues.receiveOne("docpipe-ingest").body());
        assertThat(ingested.path("documentId").asString()).isEqualTo(failed.toString());
        assertThat(ingested.path("key").asString()).isEqualTo("ops/a.pdf");
        assertThat(ingested.path("sizeBytes").asLong()).isEqualTo(1234);
        assertThat(ingested.path("options").path("backend").asString()).isEqualTo("textract");
        assertThat(ingested.path("options").path("dpi").asInt()).isEqualTo(200);

        HttpResponse<String> again = post("/documents/%s/reprocess".formatted(failed));
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(again.body()).path("status").asString()).isEqualTo("IN_FLIGHT");
        assertThat(queues.messagesIn("docpipe-ingest")).as("the first message only, still in flight").isEqualTo(1);
        assertThat(post("/documents/%s/reprocess".formatted(completed)).statusCode()).isEqualTo(409);
        assertThat(post("/documents/%s/reprocess".formatted(UUID.randomUUID())).statusCode()).isEqualTo(404);
    }

    @Test
    void reprocessesEveryFailedDocumentOfABatch() throws Exception {
        UUID batch = UUID.randomUUID();
        rows.runningBatch(batch, "docpipe-input", "ops/", 3);
        for (int i = 0; i < 3; i++) {
            UUID document = UUID.randomUUID();
            rows.pendingDocument(batch, document, "docpipe-input", "ops/" + i + ".pdf", 10);
            if (i < 2) {
                jdbc.sql("UPDATE document SET status = 'FAILED', failure_reason = 'CORRUPT', failure_stage = 'CLASSIFICATION' WHERE id = :id")
                        .param("id", document).update();
            }
        }
        jdbc.sql("UPDATE batch SET failed_count = 2 WHERE id = :id").param("id", batch).update();

        HttpResponse<String> response = post("/batches/%s/reprocess-failed".formatted(batch));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).path("requeued").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT failed_count FROM batch WHERE id = :id").param("id", batch).query(Integer.class).single()).isZero();
        assertThat(queues.messagesIn("docpipe-ingest")).isEqualTo(2);
        assertThat(post("/batches/%s/reprocess-failed".formatted(UUID.randomUUID())).statusCode()).isEqualTo(404);
        JsonNode reconciliation = JSON.readTree(get("/batches/" + batch).body()).path("reconciliation");
        assertThat(reconciliation.path("documents").asInt()).isEqualTo(3);
        assertThat(reconciliation.path("inFlight").asInt()).isEqualTo(3);
        assertThat(reconciliation.path("exact").asBoolean()).isTrue();

        jdbc.sql("UPDATE batch SET completed_count = 1 WHERE id = :id").param("id", batch).update();
        assertThat(JSON.readTree(get("/batches/" + batch).body()).path("reconciliation").path("exact").asBoolean())
                .as("a counter that disagrees with the rows shows").isFalse();
    }

    private static long depth(JsonNode deadLetters, String queue) {
        for (JsonNode q : deadLetters.path("queues")) {
            if (q.path("queue").asString().equals(queue)) {
                return q.path("messages").asLong() + q.path("inFlight").asLong();
            }
        }
        throw new AssertionError("no queue " + queue + " in " + deadLetters);
    }

    private HttpResponse<String> get(String path) {
        return ApiClient.writer(port).get(path);
    }

    private HttpResponse<String> post(String path) {
        return ApiClient.writer(port).post(path);
    }
}
