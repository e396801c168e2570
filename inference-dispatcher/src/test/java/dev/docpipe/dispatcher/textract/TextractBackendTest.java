package dev.docpipe.dispatcher.textract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.PageRef;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.dispatcher.ScriptedModelServer;
import dev.docpipe.dispatcher.ScriptedModelServer.Reply;
import dev.docpipe.dispatcher.backend.InferenceProperties;
import dev.docpipe.dispatcher.backend.ModelThrottledException;
import dev.docpipe.dispatcher.backend.PageInput;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.textract.TextractClient;

/** The Textract backend through the real SDK, configured as the dispatcher configures it, against a scripted server. */
class TextractBackendTest {

    private static final ScriptedModelServer SERVER = new ScriptedModelServer();
    private static final PageInput PAGE = new PageInput("docpipe-ocr",
            new PageRef("work", "pages/%s/1.png".formatted(UUID.randomUUID()), UUID.randomUUID(), 1), () -> new byte[] {1, 2, 3});

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ThrottlingException", "ProvisionedThroughputExceededException"})
    void reportsThrottlingThatOutlastsTheAdaptiveRetriesAsThrottled(String code) {
        SERVER.script(r -> textractError(400, code));
        try (TextractClient client = client()) {
            assertThatThrownBy(() -> new TextractBackend(client, TextractProperties.DocumentSource.BYTES).infer(PAGE))
                    .isInstanceOfSatisfying(ModelThrottledException.class, e -> assertThat(e.backend()).isEqualTo("textract"));
        }
        // The SDK's own attempts came first: adaptive mode retries throttling before giving up.
        assertThat(SERVER.requests()).isEqualTo(3);
        assertThat(SERVER.seen().getFirst().header("X-Amz-Target")).isEqualTo("Textract.DetectDocumentText");
    }

    @ParameterizedTest
    @ValueSource(strings = {"InvalidParameterException", "BadDocumentException", "UnsupportedDocumentException",
        "DocumentTooLargeException", "InvalidS3ObjectException"})
    void rejectsThePageAtOnceWhenTextractRefusesTheDocument(String code) {
        SERVER.script(r -> textractError(400, code));
        try (TextractClient client = client()) {
            assertThatThrownBy(() -> new TextractBackend(client, TextractProperties.DocumentSource.BYTES).infer(PAGE))
                    .isInstanceOfSatisfying(DocumentRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.INFERENCE_REJECTED);
                        assertThat(e.getMessage()).contains(code);
                    });
        }
        assertThat(SERVER.requests()).isEqualTo(1);
    }

    @Test
    void succeedsWhenAnInternalErrorPassesWithinTheSdkRetries() {
        SERVER.script(r -> r.number() == 1 ? textractError(500, "InternalServerError") : new Reply(200,
                Map.of("Content-Type", "application/x-amz-json-1.1"),
                "{\"DocumentMetadata\":{\"Pages\":1},\"Blocks\":[{\"BlockType\":\"PAGE\",\"Id\":\"p\"}]}"));
        try (TextractClient client = client()) {
            String raw = new TextractBackend(client, TextractProperties.DocumentSource.S3_OBJECT).infer(PAGE).rawJson();

            assertThat(raw).contains("\"BlockType\":\"PAGE\"", "\"Pages\":1");
        }
        assertThat(new String(SERVER.seen().getLast().body())).contains("\"S3Object\"", PAGE.page().key());
    }

    static TextractClient client(URI endpoint) {
        InferenceProperties inference = new InferenceProperties("textract", null, "image/png", Duration.ofSeconds(30), null,
                new InferenceProperties.Requeue(Duration.ofSeconds(1), Duration.ofSeconds(2)), null);
        return new TextractConfiguration().textractClient(new TextractProperties(endpoint, TextractProperties.DocumentSource.BYTES, null),
                inference, () -> Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    private static TextractClient client() {
        return client(URI.create(SERVER.url()));
    }

    private static Reply textractError(int status, String code) {
        return new Reply(status, Map.of("Content-Type", "application/x-amz-json-1.1"),
                "{\"__type\":\"%s\",\"message\":\"scripted %s\"}".formatted(code, code));
    }
}
