package dev.docpipe.dispatcher.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FeatureExtractorTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final FeatureExtractor extractor = new FeatureExtractor(new FeatureProperties(Map.of(
            "docpipe-ocr", new FeatureProperties.Rule(FeatureProperties.Kind.OCR, List.of("total", "refund", "due date"), List.of(), 0.5),
            "traffic-detr", new FeatureProperties.Rule(FeatureProperties.Kind.DETECTION, List.of(), List.of("car", "truck", "person"), 0.6))),
            json);

    @Test
    void findsConfiguredKeywordsOnWordBoundariesInTheLocalModelsOutput() {
        JsonNode features = extract("docpipe-ocr", """
                {"text":"x","lines":[{"text":"Subtotals 12","words":[{"text":"Subtotals","confidence":90},{"text":"12","confidence":80}]},
                                     {"text":"Due date: today","words":[{"text":"Due","confidence":70},{"text":"date:","confidence":70}]}]}""");

        assertThat(features.path("hasText").asBoolean()).isTrue();
        assertThat(features.path("wordCount").asInt()).isEqualTo(4);
        assertThat(features.path("lineCount").asInt()).isEqualTo(2);
        assertThat(features.path("meanWordConfidence").asDouble()).isEqualTo(77.5);
        assertThat(features.path("keywords").path("total").asBoolean()).isFalse();
        assertThat(features.path("keywords").path("refund").asBoolean()).isFalse();
        assertThat(features.path("keywords").path("due date").asBoolean()).isTrue();
    }

    @Test
    void readsTextractBlocksTheSameWay() {
        JsonNode features = extract("docpipe-ocr", """
                {"Blocks":[{"BlockType":"PAGE","Id":"p"},{"BlockType":"LINE","Text":"Refund TOTAL","Id":"l"},
                           {"BlockType":"WORD","Text":"Refund","Confidence":99.0,"Id":"w1"},
                           {"BlockType":"WORD","Text":"TOTAL","Confidence":97.0,"Id":"w2"}]}""");

        assertThat(features.path("wordCount").asInt()).isEqualTo(2);
        assertThat(features.path("keywords").path("total").asBoolean()).isTrue();
        assertThat(features.path("keywords").path("refund").asBoolean()).isTrue();
    }

    @Test
    void reportsNoTextForAnEmptyPage() {
        JsonNode features = extract("unconfigured-model", "{\"text\":\"\",\"lines\":[]}");

        assertThat(features.path("hasText").asBoolean()).isFalse();
        assertThat(features.path("keywords").isEmpty()).isTrue();
    }

    @Test
    void countsOnlyConfiguredClassesAboveTheMinimumScore() {
        JsonNode features = extract("traffic-detr", """
                [{"label":"car","score":0.98,"box":{}},{"label":"car","score":0.91},{"label":"car","score":0.30},
                 {"label":"Person","score":0.75},{"label":"traffic light","score":0.99}]""");

        assertThat(features.path("hasDetections").asBoolean()).isTrue();
        assertThat(features.path("detectionCount").asInt()).isEqualTo(3);
        assertThat(features.path("classes").path("car").asInt()).isEqualTo(2);
        assertThat(features.path("classes").path("person").asInt()).isEqualTo(1);
        assertThat(features.path("classes").path("truck").asInt()).isZero();
        assertThat(features.path("classes").has("traffic light")).isFalse();
    }

    private JsonNode extract(String model, String raw) {
        return json.readTree(extractor.extract(model, raw));
    }
}
