package dev.docpipe.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BackendSelectionTest extends DispatcherIntegrationTest {

    @Test
    void sendsABatchWithoutABackendChoiceToTheConfiguredDefault() {
        List<UUID> documents = ConvertedPages.send(infra, "docpipe-ocr", null, 2, PNG);

        assertThat(awaitTerminal(documents, Duration.ofSeconds(30))).isEqualTo(Map.of("COMPLETED", 2L));
        assertThat(MODEL.seen()).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/endpoints/docpipe-ocr/invocations");
            assertThat(r.header("Content-Type")).isEqualTo("image/png");
            assertThat(r.body()).isEqualTo(PNG);
        });
        assertThat(jdbc.sql("SELECT DISTINCT backend || ' ' || features::text FROM inference_result WHERE document_id IN (:ids)")
                .param("ids", documents).query(String.class).list())
                .singleElement().asString()
                .startsWith("sagemaker ")
                .contains("\"hasText\": true", "\"wordCount\": 3", "\"keywords\": {\"refund\": false, \"invoice\": true}");
    }

    @Test
    void postsThePageToTheHttpsEndpointWithTheConfiguredApiKeyWhenTheBatchChoosesIt() {
        List<UUID> documents = ConvertedPages.send(infra, "docpipe-ocr", "https", 1, PNG);

        assertThat(awaitTerminal(documents, Duration.ofSeconds(30))).isEqualTo(Map.of("COMPLETED", 1L));
        assertThat(MODEL.seen()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/predict/docpipe-ocr");
            assertThat(r.header("x-api-key")).isEqualTo("test-api-key");
            assertThat(r.header("Content-Type")).isEqualTo("image/png");
            assertThat(r.body()).isEqualTo(PNG);
        });
        assertThat(jdbc.sql("SELECT backend FROM inference_result WHERE document_id = :id")
                .param("id", documents.getFirst()).query(String.class).single()).isEqualTo("https");
    }

    @Test
    void failsTheDocumentAtOnceWhenTheHttpsEndpointRefusesThePage() {
        MODEL.script(r -> new ScriptedModelServer.Reply(422, Map.of(), "{\"error\":\"not a page\"}"));
        List<UUID> documents = ConvertedPages.send(infra, "docpipe-ocr", "https", 1, PNG);

        assertThat(awaitTerminal(documents, Duration.ofSeconds(30))).isEqualTo(Map.of("FAILED INFERENCE_REJECTED", 1L));
        assertThat(MODEL.requests()).isEqualTo(1);
    }

    @Test
    void failsTheDocumentAtOnceWhenTheBatchChoseABackendThisDispatcherDoesNotHave() {
        List<UUID> documents = ConvertedPages.send(infra, "docpipe-ocr", "quantum", 1, PNG);

        assertThat(awaitTerminal(documents, Duration.ofSeconds(30))).isEqualTo(Map.of("FAILED INFERENCE_REJECTED", 1L));
        assertThat(MODEL.requests()).isZero();
    }
}
