package dev.docpipe.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real-time path through the whole pipeline, every service in one JVM with the real OCR
 * model: an image posted with a wait comes back with the text the model read, one posted without
 * is found completed at its location later. It also measures the latency of one-page uploads,
 * an image and a PDF, from the client's side and from the document's own record, and prints it.
 */
@PipelineInfrastructure
class RealtimeEndToEndTest {

    private static final int ROUNDS = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static PipelineServices services;
    private static URI base;

    @BeforeAll
    static void startPipeline() {
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.resetState();
        services = PipelineServices.start(infra.endpoints(), Map.of(
                "docpipe.ingestion.allowed-buckets", infra.endpoints().inputBucket(),
                "docpipe.listener.backoff-initial", "1s"));
        base = URI.create("http://127.0.0.1:" + services.ingestionPort());
    }

    @AfterAll
    static void stopPipeline() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void anImagePostedWithAWaitComesBackWithTheTextTheModelRead() {
        HttpResponse<String> response = upload("receipt.png", "image/png", SampleDocuments.receiptPng(), "?wait=60s");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode document = JSON.readTree(response.body());
        assertThat(document.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(document.path("key").asString()).startsWith("uploads/").endsWith("/receipt.png");
        assertThat(document.path("pageCount").asInt()).isEqualTo(1);
        JsonNode page = document.path("pages").get(0);
        assertThat(page.path("status").asString()).isEqualTo("INFERRED");
        assertThat(page.path("model").asString()).isEqualTo("docpipe-ocr");
        assertThat(page.path("rawOutput").path("text").asString()).contains("RECEIPT 2026").contains("Coffee beans");
        assertThat(page.path("features").isObject()).isTrue();
        assertThat(page.path("features").isEmpty()).isFalse();
    }

    @Test
    void aDocumentPostedWithoutWaitingIsCompletedAtItsLocationLater() {
        HttpResponse<String> response = upload("letter.pdf", "application/pdf", SampleDocuments.pdf("Letter", 2), "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String location = response.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(location).path("status").asString().equals("COMPLETED"));
        JsonNode document = get(location);
        assertThat(document.path("pagesDone").asInt()).isEqualTo(2);
        assertThat(document.path("pages")).hasSize(2);
    }

    @Test
    void aFileThatIsNoDocumentIsRefusedBeforeAnythingIsStored() {
        HttpResponse<String> response = upload("notes.pdf", "application/pdf", "just text".getBytes(), "?wait=10s");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void measuresTheLatencyOfOnePageUploads() {
        byte[] png = SampleDocuments.receiptPng();
        byte[] pdf = SampleDocuments.pdf("Letter", 1);
        // Warm-up: the first document of each kind starts sandbox processes and JIT-compiles the path.
        upload("warm.png", "image/png", png, "?wait=60s");
        upload("warm.pdf", "application/pdf", pdf, "?wait=60s");

        List<long[]> images = new ArrayList<>();
        List<long[]> pdfs = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            images.add(timed("receipt.png", "image/png", png));
            pdfs.add(timed("letter.pdf", "application/pdf", pdf));
        }

        System.out.printf("Real-time latency, %d rounds after a warm-up, one page each (client: POST until the answer; pipeline: "
                + "the document's record to its completion)%n", ROUNDS);
        report("PNG 900x500", images);
        report("PDF 1 page ", pdfs);
    }

    /** @return the client's round trip and the pipeline's own time, in ms */
    private static long[] timed(String name, String type, byte[] content) {
        long start = System.nanoTime();
        HttpResponse<String> response = upload(name, type, content, "?wait=60s");
        long client = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode document = JSON.readTree(response.body());
        assertThat(document.path("status").asString()).isEqualTo("COMPLETED");
        return new long[] {client, document.path("elapsedMs").asLong()};
    }

    private static void report(String what, List<long[]> samples) {
        long[] client = samples.stream().mapToLong(s -> s[0]).sorted().toArray();
        long[] pipeline = samples.stream().mapToLong(s -> s[1]).sorted().toArray();
        System.out.printf("  %s  client median %d ms (min %d, max %d)   pipeline median %d ms (min %d, max %d)%n", what,
                client[client.length / 2], client[0], client[client.length - 1],
                pipeline[pipeline.length / 2], pipeline[0], pipeline[pipeline.length - 1]);
    }

    private static HttpResponse<String> upload(String name, String type, byte[] content, String query) {
        String boundary = "docpipe-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(base.resolve("/documents" + query))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path)).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        request.setHeader("Authorization", "Bearer " + services.apiToken());
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
