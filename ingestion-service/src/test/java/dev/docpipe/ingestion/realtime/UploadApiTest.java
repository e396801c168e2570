package dev.docpipe.ingestion.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.ingestion.IngestionTestProperties;
import dev.docpipe.testing.ApiClient;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestDocuments;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /documents} over HTTP on the real database, SQS and S3, with no pipeline behind it:
 * what is stored, recorded and sent for an upload, how a wait ends either way, and a 4xx problem
 * (and nothing stored) for every bad upload. The test plays the pipeline where a document must
 * complete; the end-to-end test in local-runner runs the real one.
 */
@PipelineInfrastructure
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=ingestion-service",
    "docpipe.ingestion.realtime.max-file-size=1MB",
    "docpipe.ingestion.realtime.max-wait=30s"
})
class UploadApiTest {

    private static final String INPUT = "docpipe-input";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());

    @LocalServerPort
    int port;

    @Autowired
    CompletionWaiter waiter;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestionTestProperties.register(registry);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @Test
    void storesTheUploadRecordsItInTheRealtimeBatchAndAnswers202WithoutWaiting() {
        byte[] png = TestDocuments.textImage("png", 400, 200, 0);

        HttpResponse<String> response = post(new Multipart().file("file", "my scan (1).png", "image/png", png), "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/documents/[0-9a-f-]{36}");
        UUID id = UUID.fromString(location.substring("/documents/".length()));
        assertThat(json(response).path("status").asString()).isEqualTo("PENDING");
        assertThat(json(response).path("href").asString()).isEqualTo(location);

        var document = jdbc.sql("""
                        SELECT d.bucket, d.object_key, d.size_bytes, d.status, b.rolling_source, b.status AS batch_status, b.document_count
                          FROM document d JOIN batch b ON b.id = d.batch_id WHERE d.id = :id""")
                .param("id", id).query().singleRow();
        String key = (String) document.get("object_key");
        assertThat(key).matches("uploads/" + LocalDate.now(ZoneOffset.UTC) + "/[0-9a-f-]{36}/my_scan_1_.png");
        assertThat(document).containsEntry("bucket", INPUT).containsEntry("size_bytes", (long) png.length).containsEntry("status", "PENDING")
                .containsEntry("rolling_source", "realtime").containsEntry("batch_status", "RUNNING").containsEntry("document_count", 1);
        assertThat(infra.s3Client().getObjectAsBytes(b -> b.bucket(INPUT).key(key)).asByteArray()).isEqualTo(png);
        JsonNode sent = JSON.readTree(queues.receiveOne("docpipe-ingest").body());
        assertThat(sent.path("documentId").asString()).isEqualTo(id.toString());
        assertThat(sent.path("options").path("model").asString()).isEqualTo("docpipe-ocr");
    }

    @Test
    void uploadsWithTheSameOptionsShareABatchAndOtherOptionsGetTheirOwn() {
        byte[] pdf = TestDocuments.pdf(1);
        UUID first = idOf(post(new Multipart().file("file", "a.pdf", "application/pdf", pdf), ""));
        UUID second = idOf(post(new Multipart().file("file", "b.pdf", "application/pdf", pdf), ""));
        UUID sharp = idOf(post(new Multipart().file("file", "c.pdf", "application/pdf", pdf).field("dpi", "300"), ""));

        assertThat(batchOf(first)).isEqualTo(batchOf(second)).isNotEqualTo(batchOf(sharp));
        assertThat(jdbc.sql("SELECT options ->> 'dpi' FROM batch WHERE id = :id").param("id", batchOf(sharp)).query(String.class).single())
                .isEqualTo("300");
    }

    @Test
    void answersWithTheResultsWhenTheDocumentCompletesWithinTheWait() throws Exception {
        long lookupsBefore = waiter.lookups();
        CompletableFuture<HttpResponse<String>> pending = postAsync(
                new Multipart().file("file", "receipt.png", "image/png", TestDocuments.textImage("png", 400, 200, 0)), "?wait=20s");
        UUID id = awaitDocument();
        Thread.sleep(500);
        completeWithOnePage(id, "{\"text\":\"RECEIPT 2026\",\"words\":[]}");

        HttpResponse<String> response = pending.get();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("id").asString()).isEqualTo(id.toString());
        assertThat(body.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(body.path("pageCount").asInt()).isEqualTo(1);
        JsonNode page = body.path("pages").get(0);
        assertThat(page.path("number").asInt()).isEqualTo(1);
        assertThat(page.path("features").path("textFound").asBoolean()).isTrue();
        assertThat(page.path("rawOutput").path("text").asString()).isEqualTo("RECEIPT 2026");
        assertThat(page.path("result").asString()).isEqualTo("/documents/%s/pages/1/results".formatted(id));
        JsonNode results = JSON.readTree(get(page.path("result").asString()).body());
        assertThat(results.get(0).path("rawOutput").path("text").asString()).isEqualTo("RECEIPT 2026");
        // The wait cost a handful of lookups, not a busy loop: one per 100 ms interval at most.
        assertThat(waiter.lookups() - lookupsBefore).isBetween(1L, 40L);
    }

    @Test
    void answers202WithTheLocationWhenTheWaitEndsFirst() {
        long start = System.nanoTime();

        HttpResponse<String> response = post(new Multipart().file("file", "a.pdf", "application/pdf", TestDocuments.pdf(1)), "?wait=1500ms");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
        assertThat(response.headers().firstValue("Location")).hasValue("/documents/" + idOf(response));
        assertThat(json(response).path("status").asString()).isEqualTo("PENDING");
    }

    static Stream<Arguments> badUploads() {
        byte[] pdf = TestDocuments.pdf(1);
        return Stream.of(
                bad("an empty file", new Multipart().file("file", "a.pdf", "application/pdf", new byte[0]), "", 400, "the file is empty"),
                bad("text, not a document", new Multipart().file("file", "a.pdf", "application/pdf", "just text".getBytes()), "", 415,
                        "neither a PDF nor"),
                bad("HTML named .png", new Multipart().file("file", "a.png", "image/png", "<html></html>".getBytes()), "", 415, "by its bytes"),
                bad("a file over max-file-size (1MB)", new Multipart().file("file", "a.pdf", "application/pdf", new byte[1_500_000]), "", 413,
                        "at most 1048576 bytes"),
                bad("no file", new Multipart().field("wait", "1s"), "", 400, "a 'file' part is required"),
                bad("two files", new Multipart().file("file", "a.pdf", "application/pdf", pdf).file("file", "b.pdf", "application/pdf", pdf),
                        "", 400, "one 'file' per request"),
                bad("file as a text field", new Multipart().field("file", "%PDF-1.7"), "", 400, "must be a file part"),
                bad("an unknown form field", new Multipart().file("file", "a.pdf", "application/pdf", pdf).field("priority", "high"), "", 400,
                        "unknown field 'priority'"),
                bad("an unknown query parameter", new Multipart().file("file", "a.pdf", "application/pdf", pdf), "?wiat=10s", 400,
                        "unknown field 'wiat'"),
                bad("a file under another name", new Multipart().file("document", "a.pdf", "application/pdf", pdf), "", 400,
                        "unknown field 'document'"),
                bad("a wait over max-wait", new Multipart().file("file", "a.pdf", "application/pdf", pdf), "?wait=31s", 400,
                        "between 0 and 30 seconds"),
                bad("a negative wait", new Multipart().file("file", "a.pdf", "application/pdf", pdf), "?wait=-PT1S", 400, "between 0 and 30"),
                bad("a wait that is no duration", new Multipart().file("file", "a.pdf", "application/pdf", pdf), "?wait=soon", 400,
                        "must be a duration"),
                bad("wait given twice", new Multipart().file("file", "a.pdf", "application/pdf", pdf).field("wait", "1s"), "?wait=2s", 400,
                        "'wait' is given 2 times"),
                bad("dpi above 600", new Multipart().file("file", "a.pdf", "application/pdf", pdf).field("dpi", "601"), "", 400,
                        "dpi must be between 36 and 600"),
                bad("dpi as text", new Multipart().file("file", "a.pdf", "application/pdf", pdf).field("dpi", "high"), "", 400,
                        "'dpi' must be a whole number"),
                bad("a model that is no endpoint name", new Multipart().file("file", "a.pdf", "application/pdf", pdf).field("model", "../x"), "",
                        400, "'model' must be a model endpoint name"),
                bad("a backend that is no name", new Multipart().file("file", "a.pdf", "application/pdf", pdf).field("backend", "Text Ract"), "",
                        400, "'backend' must be a backend name"));
    }

    private static Arguments bad(String description, Multipart body, String query, int status, String detail) {
        return Arguments.of(description, body, query, status, detail);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUploads")
    void refusesABadUploadWithAProblemAndStoresNothing(String description, Multipart body, String query, int status, String detail) {
        HttpResponse<String> response = post(body, query);

        assertProblem(response, status);
        assertThat(json(response).path("detail").asString()).contains(detail);
        assertThat(jdbc.sql("SELECT count(*) FROM document").query(Long.class).single()).isZero();
        assertThat(infra.s3Client().listObjectsV2(b -> b.bucket(INPUT).prefix("uploads/")).contents()).extracting(S3Object::key).isEmpty();
    }

    @Test
    void refusesABodyThatIsNotMultipartOrNotReadable() {
        HttpResponse<String> json = send(HttpRequest.newBuilder(uri("/documents")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"file\":\"x\"}")));
        assertProblem(json, 415);

        HttpResponse<String> broken = send(HttpRequest.newBuilder(uri("/documents")).header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF")));
        assertProblem(broken, 400);
        assertThat(jdbc.sql("SELECT count(*) FROM document").query(Long.class).single()).isZero();
    }

    @Test
    void refusesAFileFarOverTheLimitBeforeItIsSentToAClientThatAsksFirst() {
        // 8 MB: beyond what Tomcat reads and discards after refusing a request (2 MB), so only a
        // refusal before the body is sent reaches the client as a 413.
        Multipart body = new Multipart().file("file", "big.pdf", "application/pdf", new byte[8_000_000]);

        HttpResponse<String> response = send(request(body, "").expectContinue(true));

        assertProblem(response, 413);
        assertThat(json(response).path("detail").asString()).contains("at most 1048576 bytes");
        assertThat(jdbc.sql("SELECT count(*) FROM document").query(Long.class).single()).isZero();
    }

    @Test
    void answers404ForAPageWithoutAResult() {
        assertProblem(get("/documents/" + UUID.randomUUID() + "/pages/1/results"), 404);
    }

    // --- helpers ---

    /** What the pipeline would have done for a one-page document: a page, its result, the document completed. */
    private void completeWithOnePage(UUID id, String rawOutput) {
        jdbc.sql("UPDATE document SET status = 'CLASSIFIED', page_count = 1, doc_class = 'SINGLE' WHERE id = :id").param("id", id).update();
        jdbc.sql("INSERT INTO page (document_id, page_number, status) VALUES (:id, 1, 'INFERRED')").param("id", id).update();
        jdbc.sql("""
                        INSERT INTO inference_result (batch_id, document_id, page_number, model, backend, raw_output, features, latency_ms)
                        SELECT batch_id, id, 1, 'docpipe-ocr', 'sagemaker', CAST(:raw AS jsonb), '{"textFound":true,"wordCount":2}', 180
                          FROM document WHERE id = :id""")
                .param("id", id).param("raw", rawOutput).update();
        jdbc.sql("""
                        UPDATE document SET status = 'COMPLETED', pages_done = 1, completed_at = now(), updated_at = now()
                         WHERE id = :id""").param("id", id).update();
    }

    private UUID awaitDocument() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var ids = jdbc.sql("SELECT id FROM document").query(UUID.class).list();
            if (!ids.isEmpty()) {
                return ids.getFirst();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no document was recorded");
    }

    private UUID batchOf(UUID document) {
        return jdbc.sql("SELECT batch_id FROM document WHERE id = :id").param("id", document).query(UUID.class).single();
    }

    private static UUID idOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        return UUID.fromString(json(response).path("id").asString());
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("status").asInt()).isEqualTo(status);
    }

    private HttpResponse<String> post(Multipart body, String query) {
        return send(request(body, query));
    }

    private CompletableFuture<HttpResponse<String>> postAsync(Multipart body, String query) {
        return HTTP.sendAsync(request(body, query).timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(Multipart body, String query) {
        return HttpRequest.newBuilder(uri("/documents" + query)).header("Content-Type", body.contentType())
                .header("Authorization", "Bearer " + ApiClient.WRITE_TOKEN).POST(body.publisher());
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        request.setHeader("Authorization", "Bearer " + ApiClient.WRITE_TOKEN);
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
