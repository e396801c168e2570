package dev.docpipe.ingestion.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.ingestion.IngestionTestProperties;
import dev.docpipe.testing.ApiClient;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.PipelineRows;
import dev.docpipe.testing.TestInfrastructure;
import java.net.URI;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch's report from its counters: documents and pages by status, failures by reason and
 * stage, the reconciliation with and without a scan, the cost; and a finished batch's audit
 * events and results archived out of the live tables.
 */
@PipelineInfrastructure
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=ingestion-service")
class BatchReportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
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
    void reportsDocumentsPagesFailuresAndCostFromTheCountersAndReconcilesThemWithTheRows() {
        UUID batch = UUID.randomUUID();
        rows.runningBatch(batch, "docpipe-input", "in/", 3);
        UUID done = UUID.randomUUID();
        UUID failed = UUID.randomUUID();
        rows.classifiedDocument(batch, done, "docpipe-input", "in/a.pdf", 1000, "PDF", "SMALL", 2);
        rows.classifiedDocument(batch, failed, "docpipe-input", "in/b.pdf", 1000, "PDF", "SINGLE", 1);
        rows.pendingDocument(batch, UUID.randomUUID(), "docpipe-input", "in/c.pdf", 1000);
        for (int page = 1; page <= 2; page++) {
            jdbc.sql("INSERT INTO page (document_id, page_number, status) VALUES (:d, :p, 'CONVERTED')").param("d", done).param("p", page).update();
            jdbc.sql("""
                            INSERT INTO inference_result (batch_id, document_id, page_number, model, backend, raw_output, features, latency_ms)
                            VALUES (:b, :d, :p, 'docpipe-ocr', 'textract', '{}', '{}', 5)""")
                    .param("b", batch).param("d", done).param("p", page).update();
            jdbc.sql("UPDATE page SET status = 'INFERRED' WHERE document_id = :d AND page_number = :p").param("d", done).param("p", page).update();
        }
        jdbc.sql("UPDATE document SET status = 'COMPLETED', pages_done = 2 WHERE id = :id").param("id", done).update();
        jdbc.sql("UPDATE document SET status = 'FAILED', failure_reason = 'CORRUPT', failure_stage = 'CONVERSION' WHERE id = :id")
                .param("id", failed).update();
        // The same transition again, as a duplicate delivery would try it: the guard matches nothing.
        jdbc.sql("UPDATE document SET status = 'FAILED', failure_reason = 'CORRUPT' WHERE id = :id AND status NOT IN ('COMPLETED', 'FAILED')")
                .param("id", failed).update();
        jdbc.sql("UPDATE batch SET completed_count = 1, failed_count = 1 WHERE id = :id").param("id", batch).update();

        JsonNode view = get("/batches/" + batch);

        assertThat(view.path("documents").path("byStatus").toString()).isEqualTo("{\"COMPLETED\":1,\"FAILED\":1,\"PENDING\":1}");
        assertThat(view.path("documents").path("inFlight").asInt()).isEqualTo(1);
        assertThat(view.path("pages").path("total").asLong()).isEqualTo(3);
        assertThat(view.path("pages").path("inferred").asLong()).isEqualTo(2);
        assertThat(view.path("pages").path("byStatus").toString()).isEqualTo("{\"INFERRED\":2}");
        assertThat(view.path("failures").toString()).isEqualTo("[{\"reason\":\"CORRUPT\",\"stage\":\"CONVERSION\",\"documents\":1}]");
        assertThat(view.path("reconciliation").path("exact").asBoolean()).isTrue();
        assertThat(view.path("cost").path("breakdown").path("model:textract").asDouble()).isEqualTo(0.003);
        assertThat(view.path("cost").path("total").asDouble()).isGreaterThan(0.003);
        assertThat(get("/batches/" + batch + "/reconciliation").path("exact").asBoolean()).isTrue();

        // A counter that drifted from its rows (here set by hand) is caught by both checks.
        jdbc.sql("UPDATE batch SET completed_count = 2 WHERE id = :id").param("id", batch).update();
        assertThat(get("/batches/" + batch).path("reconciliation").path("exact").asBoolean()).isFalse();
        assertThat(get("/batches/" + batch + "/reconciliation").path("exact").asBoolean()).isFalse();
    }

    @Test
    void archivesAFinishedBatchsAuditEventsAndResultsAndRefusesARunningOne() {
        UUID batch = UUID.randomUUID();
        rows.runningBatch(batch, "docpipe-input", "in/", 1);
        jdbc.sql("""
                        INSERT INTO audit_event (batch_id, stage, outcome, service, attempt, duration_ms)
                        VALUES (:b, 'INGESTION', 'SUCCEEDED', 'test', 1, 0)""").param("b", batch).update();

        assertThat(post("/batches/" + batch + "/archive").statusCode()).isEqualTo(409);

        jdbc.sql("UPDATE batch SET status = 'COMPLETED' WHERE id = :id").param("id", batch).update();
        assertThat(post("/batches/" + batch + "/archive").statusCode()).isEqualTo(204);

        String suffix = batch.toString().replace("-", "");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE batch_id = :b").param("b", batch).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM archive.audit_event_" + suffix).query(Long.class).single()).isEqualTo(1);
        assertThat(get("/batches/" + batch).path("status").asString()).isEqualTo("COMPLETED");

        assertThat(send(HttpRequest.newBuilder(uri("/batches/" + batch + "/archive")).DELETE()).statusCode()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT to_regclass('archive.audit_event_" + suffix + "') IS NULL").query(Boolean.class).single()).isTrue();
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return ApiClient.writer(port).send(request);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
