package dev.docpipe.ingestion.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.ingestion.IngestionTestProperties;
import dev.docpipe.testing.ApiClient;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch API over HTTP, against the real database, SQS and S3: what a client sees for good
 * requests, and a 4xx problem (never a 5xx, never a batch) for bad ones.
 */
@PipelineInfrastructure
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=ingestion-service")
class BatchApiTest {

    private static final String INPUT = "docpipe-input";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());

    @LocalServerPort
    int port;

    @Autowired
    BatchLister lister;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestionTestProperties.register(registry);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @Test
    void startsABatchAndListsEveryObjectUnderItsPrefixButNotDirectoryMarkers() {
        upload("api/in/a.pdf", "api/in/b.pdf", "api/in/deep/c.pdf", "api/in/deep/", "api/in/", "api/elsewhere/d.pdf");

        HttpResponse<String> started = post("/batches", """
                {"bucket":"docpipe-input","prefixes":["api/in/"],"options":{"dpi":200,"backend":"textract"}}""");

        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/batches/[0-9a-f-]{36}");
        UUID batchId = UUID.fromString(location.substring("/batches/".length()));
        assertThat(json(started).path("id").asString()).isEqualTo(batchId.toString());

        JsonNode batch = awaitListed(location);
        assertThat(batch.path("status").asString()).isEqualTo("RUNNING");
        assertThat(batch.path("documents").path("listed").asInt()).isEqualTo(3);
        assertThat(batch.path("documents").path("inFlight").asInt()).isEqualTo(3);
        assertThat(batch.path("options").path("dpi").asInt()).isEqualTo(200);
        assertThat(batch.path("options").path("model").asString()).isEqualTo("docpipe-ocr");
        assertThat(batch.path("options").path("backend").asString()).isEqualTo("textract");
        assertThat(documentIds(batchId)).containsExactlyInAnyOrder(
                BatchLister.documentId(batchId, INPUT, "api/in/a.pdf"),
                BatchLister.documentId(batchId, INPUT, "api/in/b.pdf"),
                BatchLister.documentId(batchId, INPUT, "api/in/deep/c.pdf"));
        assertThat(messagesIn("docpipe-ingest")).isEqualTo(3);
    }

    @Test
    void listingABatchAgainAddsNoDocumentsAndCountsNoneTwice() {
        upload("again/a.pdf", "again/b.pdf");
        String location = post("/batches", """
                {"bucket":"docpipe-input","prefixes":["again/"]}""").headers().firstValue("Location").orElseThrow();
        UUID batchId = UUID.fromString(location.substring("/batches/".length()));
        awaitListed(location);
        List<UUID> firstListing = documentIds(batchId);

        // The listing run again from the start (as if its task died before recording its cursor),
        // with a prefix that overlaps the first.
        jdbc.sql("""
                        UPDATE batch SET status = 'LISTING', listing_complete = false, listing_prefix = 0, listing_after = NULL,
                                         listing_owner = NULL, listing_lease_until = NULL WHERE id = :id""")
                .param("id", batchId).update();
        lister.list(batchId, INPUT, List.of("again/", "again/a"), new ProcessingOptions(150, "docpipe-ocr"));
        assertThat(jdbc.sql("SELECT status FROM batch WHERE id = :id").param("id", batchId).query(String.class).single())
                .isEqualTo("RUNNING");

        assertThat(documentIds(batchId)).containsExactlyInAnyOrderElementsOf(firstListing).hasSize(2);
        assertThat(get(location).path("documents").path("listed").asInt()).isEqualTo(2);
        assertThat(get(location).path("reconciliation").path("exact").asBoolean()).isTrue();
    }

    @Test
    void aPausedOrCancelledBatchIsNotListedAndAResumedOneListsOn() {
        upload("held/a.pdf", "held/b.pdf", "held/c.pdf");
        UUID paused = UUID.randomUUID();
        UUID cancelled = UUID.randomUUID();
        for (UUID id : List.of(paused, cancelled)) {
            jdbc.sql("""
                            INSERT INTO batch (id, status, source_bucket, prefixes, options)
                            VALUES (:id, :status, 'docpipe-input', ARRAY['held/'], '{"dpi":150,"model":"docpipe-ocr"}')""")
                    .param("id", id).param("status", id == paused ? "PAUSED" : "CANCELLED").update();
        }
        ProcessingOptions options = new ProcessingOptions(150, "docpipe-ocr");

        lister.list(cancelled, INPUT, List.of("held/"), options);
        lister.list(paused, INPUT, List.of("held/"), options);
        assertThat(documentIds(cancelled)).as("a cancelled batch lists nothing").isEmpty();
        assertThat(documentIds(paused)).as("a paused batch lists nothing").isEmpty();

        // Resumed: LISTING again, and the resumer (or a restart) lists it from its cursor.
        jdbc.sql("UPDATE batch SET status = 'LISTING' WHERE id = :id").param("id", paused).update();
        lister.list(paused, INPUT, List.of("held/"), options);
        assertThat(documentIds(paused)).hasSize(3);
        assertThat(jdbc.sql("SELECT status FROM batch WHERE id = :id").param("id", paused).query(String.class).single()).isEqualTo("RUNNING");
    }

    @Test
    void storesEachDocumentsFileNameMetadata() {
        upload("named/Leuven_2022-10-12.pdf", "named/no-match.pdf");
        String location = post("/batches", """
                {"bucket":"docpipe-input","prefixes":["named/"],"options":{"fileNamePattern":"(?<city>[A-Za-z]+)_(?<date>[0-9-]+)\\\\.pdf"}}""")
                .headers().firstValue("Location").orElseThrow();
        UUID batchId = UUID.fromString(location.substring("/batches/".length()));
        awaitListed(location);

        assertThat(jdbc.sql("SELECT metadata::text FROM document WHERE batch_id = :b AND object_key = 'named/Leuven_2022-10-12.pdf'")
                .param("b", batchId).query(String.class).single()).isEqualTo("{\"city\": \"Leuven\", \"date\": \"2022-10-12\"}");
        assertThat(jdbc.sql("SELECT metadata FROM document WHERE batch_id = :b AND object_key = 'named/no-match.pdf'")
                .param("b", batchId).query(String.class).optional()).isEmpty();
    }

    @Test
    void listsAnObjectUnderTwoOverlappingPrefixesOnce() {
        upload("overlap/a.pdf", "overlap/sub/b.pdf");

        String location = post("/batches", """
                {"bucket":"docpipe-input","prefixes":["overlap/","overlap/sub/"]}""").headers().firstValue("Location").orElseThrow();

        assertThat(awaitListed(location).path("documents").path("listed").asInt()).isEqualTo(2);
    }

    static Stream<Arguments> badBatchRequests() {
        String tooManyPrefixes = IntStream.rangeClosed(1, 101).mapToObj(n -> "\"p" + n + "/\"").collect(Collectors.joining(","));
        return Stream.of(
                bad("a bucket not on the allowlist", """
                        {"bucket":"someone-elses-bucket","prefixes":["in/"]}""", "not on the allowlist"),
                bad("a bucket name longer than S3 allows", """
                        {"bucket":"%s","prefixes":["in/"]}""".formatted("b".repeat(64)), "bucket: size must be between 0 and 63"),
                bad("'..' in a prefix", """
                        {"bucket":"docpipe-input","prefixes":["in/../secrets/"]}""", "without '..'"),
                bad("an absolute prefix", """
                        {"bucket":"docpipe-input","prefixes":["/x"]}""", "must be relative"),
                bad("a backslash in a prefix", """
                        {"bucket":"docpipe-input","prefixes":["in\\\\x"]}""", "backslashes"),
                bad("a control character in a prefix", """
                        {"bucket":"docpipe-input","prefixes":["in/\\u0000"]}""", "control characters"),
                bad("a prefix over 1024 characters", """
                        {"bucket":"docpipe-input","prefixes":["%s"]}""".formatted("a".repeat(1025)), "at most 1024 characters"),
                bad("more prefixes than max-prefixes (100)", """
                        {"bucket":"docpipe-input","prefixes":[%s]}""".formatted(tooManyPrefixes), "at most 100 prefixes"),
                bad("no prefixes", """
                        {"bucket":"docpipe-input","prefixes":[]}""", "prefixes: must not be empty"),
                bad("a blank prefix", """
                        {"bucket":"docpipe-input","prefixes":[""]}""", "prefixes[0]: must not be blank"),
                bad("a null prefix", """
                        {"bucket":"docpipe-input","prefixes":["in/",null]}""", "prefixes[1]: must not be blank"),
                bad("no bucket", """
                        {"prefixes":["in/"]}""", "bucket: must not be blank"),
                bad("an unknown field", """
                        {"bucket":"docpipe-input","prefixes":["in/"],"priority":"urgent"}""", "unknown field 'priority'"),
                bad("prefixes as a number", """
                        {"bucket":"docpipe-input","prefixes":5}""", "'prefixes' has the wrong type"),
                bad("options as a list", """
                        {"bucket":"docpipe-input","prefixes":["in/"],"options":[150]}""", "'options' has the wrong type"),
                bad("dpi as text", """
                        {"bucket":"docpipe-input","prefixes":["in/"],"options":{"dpi":"high"}}""", "'options.dpi' has the wrong type"),
                bad("dpi beyond an int", """
                        {"bucket":"docpipe-input","prefixes":["in/"],"options":{"dpi":99999999999}}""", "out of range"),
                bad("dpi above 600", """
                        {"bucket":"docpipe-input","prefixes":["in/"],"options":{"dpi":601}}""", "dpi must be between 36 and 600"),
                bad("dpi below 36", """
                        {"bucket":"docpipe-input","prefixes":["in/"],"options":{"dpi":35}}""", "dpi must be between 36 and 600"),
                bad("a model name with a NUL character", """
                        {"bucket":"docpipe-input","prefixes":["in/"],"options":{"model":"ocr\\u0000"}}""", "options.model: must be a model endpoint name"),
                bad("a model name that is no endpoint name", """
                        {"bucket":"docpipe-input","prefixes":["in/"],"options":{"model":"../../admin"}}""", "options.model: must be a model endpoint name"),
                bad("a backend name that is no identifier", """
                        {"bucket":"docpipe-input","prefixes":["in/"],"options":{"backend":"Text Ract"}}""", "options.backend: must be a backend name"),
                bad("malformed JSON", """
                        {"bucket":"docpipe-input",
                         "prefixes":["in/" "more/"]}""", "malformed JSON at line 2"),
                bad("deeply nested JSON", "{\"bucket\":\"docpipe-input\",\"prefixes\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                        "'prefixes[0]' has the wrong type"),
                bad("an empty body", "", "a JSON body is required"),
                bad("a JSON null", "null", "a JSON body is required"));
    }

    private static Arguments bad(String description, String body, String detail) {
        return Arguments.of(description, body, detail);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBatchRequests")
    void rejectsABadBatchRequestWithAProblemThatSaysWhyAndStartsNothing(String description, String body, String detail) {
        HttpResponse<String> response = post("/batches", body);

        assertProblem(response, 400);
        assertThat(json(response).path("detail").asString()).contains(detail);
        assertThat(jdbc.sql("SELECT count(*) FROM batch").query(Long.class).single()).isZero();
    }

    @Test
    void refusesABodyDeclaredLargerThanTheSizeLimit() {
        // A valid request padded past 1 MB: only its size is wrong.
        String padded = "{\"bucket\":\"docpipe-input\",\"prefixes\":[\"in/\"]" + " ".repeat(1_100_000) + "}";

        HttpResponse<String> response = post("/batches", padded);

        assertProblem(response, 413);
        assertThat(jdbc.sql("SELECT count(*) FROM batch").query(Long.class).single()).isZero();
    }

    @Test
    void cutsOffAChunkedBodyWhenItPassesTheSizeLimit() {
        String padded = "{\"bucket\":\"docpipe-input\",\"prefixes\":[\"in/\"]" + " ".repeat(1_100_000) + "}";
        // No declared length: the body arrives chunked, and only reading it reveals its size.
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/batches"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(padded.getBytes(StandardCharsets.UTF_8)))));

        assertProblem(response, 413);
        assertThat(jdbc.sql("SELECT count(*) FROM batch").query(Long.class).single()).isZero();
    }

    @Test
    void rejectsABodyThatIsNotJson() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/batches"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("bucket=docpipe-input")));

        assertProblem(response, 415);
        assertThat(jdbc.sql("SELECT count(*) FROM batch").query(Long.class).single()).isZero();
    }

    @Test
    void answersAnIdThatIsNoUuidWith400() {
        assertProblem(send(HttpRequest.newBuilder(uri("/batches/not-a-uuid")).GET()), 400);
        assertProblem(send(HttpRequest.newBuilder(uri("/documents/not-a-uuid")).GET()), 400);
    }

    @Test
    void answersAnUnknownBatchOrDocumentWith404() {
        assertProblem(send(HttpRequest.newBuilder(uri("/batches/" + UUID.randomUUID())).GET()), 404);
        assertProblem(send(HttpRequest.newBuilder(uri("/documents/" + UUID.randomUUID())).GET()), 404);
    }

    @Test
    void rejectsAPageOfBatchesOutOfRange() {
        HttpResponse<String> zero = send(HttpRequest.newBuilder(uri("/batches?limit=0")).GET());
        assertProblem(zero, 400);
        assertThat(json(zero).path("detail").asString()).isEqualTo("limit: must be greater than or equal to 1");
        assertProblem(send(HttpRequest.newBuilder(uri("/batches?limit=201")).GET()), 400);
        assertProblem(send(HttpRequest.newBuilder(uri("/batches?offset=-1")).GET()), 400);
        assertProblem(send(HttpRequest.newBuilder(uri("/batches?limit=many")).GET()), 400);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
    }

    private JsonNode awaitListed(String location) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> get(location).path("documents").path("listingComplete").asBoolean());
        return get(location);
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return json(response);
    }

    private HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return ApiClient.writer(port).send(request);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private void upload(String... keys) {
        for (String key : keys) {
            byte[] content = key.endsWith("/") ? new byte[0] : ("%PDF-1.7 " + key).getBytes();
            infra.s3Client().putObject(b -> b.bucket(INPUT).key(key), RequestBody.fromBytes(content));
        }
    }

    private List<UUID> documentIds(UUID batchId) {
        return jdbc.sql("SELECT id FROM document WHERE batch_id = :batch").param("batch", batchId).query(UUID.class).list();
    }

    private long messagesIn(String queue) {
        String url = infra.sqsClient().getQueueUrl(b -> b.queueName(queue)).queueUrl();
        return Long.parseLong(infra.sqsClient()
                .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
