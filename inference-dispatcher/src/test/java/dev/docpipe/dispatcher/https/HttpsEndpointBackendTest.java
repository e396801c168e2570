package dev.docpipe.dispatcher.https;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.contracts.PageRef;
import dev.docpipe.dispatcher.ScriptedModelServer;
import dev.docpipe.dispatcher.backend.ModelOutput;
import dev.docpipe.dispatcher.backend.PageInput;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The s3-reference payload: the endpoint is told where the page is, and the page is never read here. */
class HttpsEndpointBackendTest {

    private static final ScriptedModelServer SERVER = new ScriptedModelServer();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Test
    void postsAReferenceToThePageInS3WithoutReadingIt() {
        var properties = new HttpsEndpointProperties(SERVER.url() + "/predict/{model}", "x-api-key", "secret",
                HttpsEndpointProperties.Payload.S3_REFERENCE, Duration.ofSeconds(10));
        var backend = new HttpsEndpointBackend(HttpClient.newHttpClient(), properties, JSON);
        UUID document = UUID.randomUUID();
        PageRef page = new PageRef("docpipe-work", "pages/%s/3.png".formatted(document), document, 3);

        ModelOutput output = backend.infer(new PageInput("docpipe-ocr", page, () -> {
            throw new AssertionError("an s3-reference payload must not read the page");
        }));

        assertThat(output.backend()).isEqualTo("https");
        assertThat(JSON.readTree(output.rawJson()).path("text").asString()).isEqualTo("Invoice total 42");
        ScriptedModelServer.Request request = SERVER.seen().getLast();
        assertThat(request.path()).isEqualTo("/predict/docpipe-ocr");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("x-api-key")).isEqualTo("secret");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.path("bucket").asString()).isEqualTo("docpipe-work");
        assertThat(body.path("key").asString()).isEqualTo(page.key());
        assertThat(body.path("s3Uri").asString()).isEqualTo("s3://docpipe-work/" + page.key());
        assertThat(body.path("model").asString()).isEqualTo("docpipe-ocr");
    }
}
