package dev.docpipe.model;

import static dev.docpipe.model.SageMakerClients.ENDPOINT;
import static dev.docpipe.model.SageMakerClients.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docpipe.model.OcrResult.Box;
import dev.docpipe.model.OcrResult.Line;
import dev.docpipe.model.OcrResult.Word;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + ModelEndpointApplication.SERVICE_NAME,
        "docpipe.model.pool-size=2",
        "docpipe.model.max-body-size=1MB",
        "logging.level.dev.docpipe.model=debug"})
class InvokeEndpointTest {

    private static final String HEADLINE = "Invoice 2026 docpipe total 42";

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private SageMakerRuntimeClient client;

    @BeforeAll
    void connect() {
        client = SageMakerClients.withoutRetries(port);
    }

    @AfterAll
    void disconnect() {
        client.close();
    }

    @Test
    void recognisesPrintedWordsWithBoxesAndConfidence() {
        InvokeEndpointResponse response = invoke(client, ENDPOINT, "image/png",
                PageImages.png(PageImages.headline(HEADLINE)));

        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.invokedProductionVariant()).isEqualTo("AllTraffic");
        OcrResult result = parse(response);
        assertThat(result.model()).isEqualTo("tesseract");
        assertThat(result.engineVersion()).startsWith("5.5");
        assertThat(result.language()).isEqualTo("eng");
        assertThat(result.text().toLowerCase(Locale.ROOT)).contains("invoice", "2026", "docpipe", "total", "42");
        assertThat(result.meanConfidence()).isGreaterThan(50);
        assertThat(result.lines()).isNotEmpty();
        for (Line line : result.lines()) {
            assertThat(line.confidence()).isGreaterThan(50);
            assertInside(line.bbox(), result);
            for (Word word : line.words()) {
                assertThat(word.confidence()).isGreaterThan(50);
                assertInside(word.bbox(), result);
            }
        }
        assertThat(result.lines().stream().flatMap(line -> line.words().stream()).map(Word::text))
                .containsSubsequence(HEADLINE.split(" "));
    }

    @Test
    void answersWithTheDocumentedFieldNames() {
        JsonNode body = json.readTree(invoke(client, ENDPOINT, "image/png",
                PageImages.png(PageImages.headline("Total 42"))).body().asByteArray());

        assertThat(body.propertyNames()).containsExactly("model", "engineVersion", "language", "width",
                "height", "text", "meanConfidence", "lines");
        assertThat(body.get("lines").get(0).propertyNames()).containsExactly("text", "confidence", "bbox", "words");
        assertThat(body.get("lines").get(0).get("bbox").propertyNames())
                .containsExactly("left", "top", "width", "height");
    }

    @ParameterizedTest
    @CsvSource({"jpeg, image/jpeg", "tiff, image/tiff", "png, application/x-image"})
    void readsJpegAndTiffPagesToo(String format, String contentType) {
        byte[] image = PageImages.encode(PageImages.headline(HEADLINE), format);

        OcrResult result = parse(invoke(client, ENDPOINT, contentType, image));

        assertThat(result.text().toLowerCase(Locale.ROOT)).contains("invoice", "docpipe", "total");
    }

    @Test
    void returnsNoLinesForABlankPage() {
        OcrResult result = parse(invoke(client, ENDPOINT, "image/png",
                PageImages.png(PageImages.blank(PageImages.A4_WIDTH, PageImages.A4_HEIGHT))));

        assertThat(result.lines()).isEmpty();
        assertThat(result.text()).isBlank();
        assertThat(result.width()).isEqualTo(PageImages.A4_WIDTH);
    }

    @Test
    void readsEveryLineOfADensePage() {
        OcrResult result = parse(invoke(client, ENDPOINT, "image/png", PageImages.png(PageImages.densePage())));

        assertThat(result.lines()).hasSizeGreaterThanOrEqualTo(48);
        assertThat(result.meanConfidence()).isGreaterThan(80);
        List<String> words = Arrays.asList(result.text().toLowerCase(Locale.ROOT).split("\\s+"));
        long known = words.stream().filter(PageImages.VOCABULARY::contains).count();
        assertThat(known).isGreaterThan(words.size() * 9L / 10);
    }

    @Test
    void servesParallelInvocationsOnASmallPool() throws Exception {
        byte[] image = PageImages.png(PageImages.headline(HEADLINE));
        List<Future<OcrResult>> results = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                results.add(callers.submit(() -> parse(invoke(client, ENDPOINT, "image/png", image))));
            }
            for (Future<OcrResult> result : results) {
                assertThat(result.get().text().toLowerCase(Locale.ROOT)).contains("invoice", "docpipe", "42");
            }
        }
    }

    @Test
    void rejectsAnUnknownEndpointAsValidationError() {
        assertThatThrownBy(() -> invoke(client, "no-such-model", "image/png",
                PageImages.png(PageImages.headline("x"))))
                .isInstanceOfSatisfying(ValidationErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Endpoint no-such-model not found.");
                });
    }

    @Test
    void rejectsAnOversizedBodyAsValidationError() {
        byte[] threeMegabytes = new byte[3 * 1024 * 1024];

        assertThatThrownBy(() -> invoke(client, ENDPOINT, "image/png", threeMegabytes))
                .isInstanceOfSatisfying(ValidationErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("at most 1048576 bytes");
                });
    }

    @Test
    void rejectsAnImageWiderThanThePixelLimitAsValidationError() {
        byte[] tenThousandAndOneWide = PageImages.png(PageImages.blank(10_001, 1));

        assertThatThrownBy(() -> invoke(client, ENDPOINT, "image/png", tenThousandAndOneWide))
                .isInstanceOfSatisfying(ValidationErrorException.class,
                        e -> assertThat(e.getMessage()).contains("10001x1 pixels"));
    }

    @Test
    void reportsGarbageBytesAsModelError() {
        byte[] garbage = "this is not an image at all".repeat(100).getBytes();

        assertThatThrownBy(() -> invoke(client, ENDPOINT, "image/png", garbage))
                .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(424);
                    assertThat(e.originalStatusCode()).isEqualTo(415);
                    assertThat(e.originalMessage()).contains("not a PNG, JPEG or TIFF");
                });
    }

    @Test
    void reportsATruncatedPngAsModelError() {
        byte[] png = PageImages.png(PageImages.headline(HEADLINE));
        byte[] truncated = Arrays.copyOf(png, png.length / 2);

        assertThatThrownBy(() -> invoke(client, ENDPOINT, "image/png", truncated))
                .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(424);
                    assertThat(e.originalStatusCode()).isEqualTo(400);
                });
    }

    @Test
    void reportsAnUnsupportedContentTypeAsModelError() {
        assertThatThrownBy(() -> invoke(client, ENDPOINT, "text/csv", "a,b\n1,2".getBytes()))
                .isInstanceOfSatisfying(ModelErrorException.class,
                        e -> assertThat(e.originalStatusCode()).isEqualTo(415));
    }

    private OcrResult parse(InvokeEndpointResponse response) {
        return json.readValue(response.body().asByteArray(), OcrResult.class);
    }

    private static void assertInside(Box box, OcrResult page) {
        assertThat(box.width()).isPositive();
        assertThat(box.height()).isPositive();
        assertThat(Stream.of(box.left(), box.top())).allMatch(coordinate -> coordinate >= 0);
        assertThat(box.left() + box.width()).isLessThanOrEqualTo(page.width());
        assertThat(box.top() + box.height()).isLessThanOrEqualTo(page.height());
    }
}
