package dev.docpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.model.BadDocumentException;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.BlockType;
import software.amazon.awssdk.services.textract.model.BoundingBox;
import software.amazon.awssdk.services.textract.model.DetectDocumentTextResponse;
import software.amazon.awssdk.services.textract.model.InvalidParameterException;
import software.amazon.awssdk.services.textract.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.textract.model.RelationshipType;
import software.amazon.awssdk.services.textract.model.UnsupportedDocumentException;

/** Textract's DetectDocumentText through the real SDK client, which parses every answer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + ModelEndpointApplication.SERVICE_NAME,
        "docpipe.model.pool-size=1"})
class DetectDocumentTextTest {

    @LocalServerPort
    int port;

    private TextractClient client;

    @BeforeAll
    void connect() {
        client = TextractClients.local(port);
    }

    @AfterAll
    void disconnect() {
        client.close();
    }

    @Test
    void answersWithPageLineAndWordBlocksLinkedByChildRelationships() {
        DetectDocumentTextResponse response = TextractClients.detect(client, PageImages.png(PageImages.headline("Invoice 2026 total 42")));

        assertThat(response.documentMetadata().pages()).isEqualTo(1);
        List<Block> blocks = response.blocks();
        Map<String, Block> byId = blocks.stream().collect(Collectors.toMap(Block::id, Function.identity()));
        Block page = blocks.getFirst();
        assertThat(page.blockType()).isEqualTo(BlockType.PAGE);
        List<Block> lines = children(page, byId);
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.blockType()).isEqualTo(BlockType.LINE));
        List<Block> words = lines.stream().flatMap(line -> children(line, byId).stream()).toList();
        assertThat(words).allSatisfy(word -> {
            assertThat(word.blockType()).isEqualTo(BlockType.WORD);
            assertThat(word.textTypeAsString()).isEqualTo("PRINTED");
            assertThat(word.confidence()).isBetween(50f, 100f);
            assertRatios(word.geometry().boundingBox());
            assertThat(word.geometry().polygon()).hasSize(4);
            assertThat(word.geometry().polygon().getFirst().x()).isEqualTo(word.geometry().boundingBox().left());
        });
        assertThat(words.stream().map(w -> w.text().toLowerCase(Locale.ROOT)).toList())
                .containsSubsequence("invoice", "2026", "total", "42");
        assertThat(blocks).hasSize(1 + lines.size() + words.size());
    }

    @Test
    void answersABlankPageWithOnlyItsPageBlock() {
        DetectDocumentTextResponse response = TextractClients.detect(client, PageImages.png(PageImages.blank(600, 800)));

        assertThat(response.blocks()).singleElement().satisfies(b -> {
            assertThat(b.blockType()).isEqualTo(BlockType.PAGE);
            assertThat(b.geometry().boundingBox().width()).isEqualTo(1f);
        });
    }

    @Test
    void reportsBytesThatAreNoImageAsUnsupportedDocument() {
        assertThatThrownBy(() -> TextractClients.detect(client, "not an image".repeat(50).getBytes()))
                .isInstanceOfSatisfying(UnsupportedDocumentException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void reportsATruncatedImageAsBadDocument() {
        byte[] png = PageImages.png(PageImages.headline("Invoice"));

        assertThatThrownBy(() -> TextractClients.detect(client, Arrays.copyOf(png, png.length / 2)))
                .isInstanceOf(BadDocumentException.class);
    }

    @Test
    void reportsADocumentWithoutBytesOrS3ObjectAsInvalidParameter() {
        assertThatThrownBy(() -> client.detectDocumentText(r -> r.document(d -> { })))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("exactly one of Bytes or S3Object"));
    }

    @Test
    void reportsAnS3ObjectAsInvalidWhenS3AccessIsNotConfigured() {
        assertThatThrownBy(() -> client.detectDocumentText(r -> r.document(d -> d.s3Object(o -> o.bucket("b").name("k.png")))))
                .isInstanceOfSatisfying(InvalidS3ObjectException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("S3 access is not configured"));
    }

    private static List<Block> children(Block parent, Map<String, Block> byId) {
        return parent.relationships().stream()
                .filter(r -> r.type() == RelationshipType.CHILD)
                .flatMap(r -> r.ids().stream())
                .map(byId::get)
                .toList();
    }

    private static void assertRatios(BoundingBox box) {
        assertThat(box.left()).isBetween(0f, 1f);
        assertThat(box.top()).isBetween(0f, 1f);
        assertThat(box.width()).isPositive().isLessThanOrEqualTo(1f - box.left() + 1e-6f);
        assertThat(box.height()).isPositive().isLessThanOrEqualTo(1f - box.top() + 1e-6f);
    }
}
