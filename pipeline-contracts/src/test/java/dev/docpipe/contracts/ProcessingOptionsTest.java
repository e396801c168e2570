package dev.docpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ProcessingOptionsTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsOptionsWrittenBeforeTheBackendChoiceExisted() {
        ProcessingOptions options = json.readValue("{\"dpi\":150,\"model\":\"docpipe-ocr\"}", ProcessingOptions.class);

        assertThat(options).isEqualTo(new ProcessingOptions(150, "docpipe-ocr"));
        assertThat(options.backend()).isNull();
        assertThat(options.annotate()).as("options from before annotation existed annotate nothing").isFalse();
    }

    @Test
    void roundTripsTheAnnotationChoice() {
        ProcessingOptions options = new ProcessingOptions(150, "docpipe-ocr", "textract-async", true);

        assertThat(json.readValue(json.writeValueAsString(options), ProcessingOptions.class).annotate()).isTrue();
    }

    @Test
    void roundTripsTheBackendChoice() {
        ProcessingOptions options = new ProcessingOptions(200, "docpipe-ocr", "textract");

        assertThat(json.readValue(json.writeValueAsString(options), ProcessingOptions.class)).isEqualTo(options);
    }

    @Test
    void readsOptionsWrittenBeforeTheColourChoiceExistedAsTheConvertersDefault() {
        ProcessingOptions options = json.readValue("{\"dpi\":150,\"model\":\"docpipe-ocr\",\"backend\":\"textract\"}", ProcessingOptions.class);

        assertThat(options.colour()).isNull();
        assertThat(options).isEqualTo(new ProcessingOptions(150, "docpipe-ocr", "textract"));
    }

    @Test
    void roundTripsTheColourChoice() {
        ProcessingOptions options = new ProcessingOptions(150, "docpipe-ocr", null, ColourMode.GREY);

        assertThat(json.readValue(json.writeValueAsString(options), ProcessingOptions.class)).isEqualTo(options);
        assertThat(json.writeValueAsString(options)).contains("\"colour\":\"GREY\"");
    }

    @Test
    void rejectsABackendNameThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> new ProcessingOptions(150, "docpipe-ocr", "../x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backend");
    }
}
