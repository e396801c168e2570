package dev.docpipe.dispatcher.textract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.contracts.PageRef;
import dev.docpipe.dispatcher.LocalModelEndpoint;
import dev.docpipe.dispatcher.backend.ModelOutput;
import dev.docpipe.dispatcher.backend.PageInput;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.textract.TextractClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Textract backend end to end: the real TextractClient against the local model endpoint's
 * Textract API, with the page in the request or read by the endpoint from S3.
 */
@PipelineInfrastructure
class TextractThroughModelEndpointTest {

    private static TextractClient client;

    @BeforeAll
    static void start() {
        client = TextractBackendTest.client(URI.create(LocalModelEndpoint.url()));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void readsTheWordsOfAPageAsTextractBlocks() throws IOException {
        byte[] png = headline("Invoice total 42");
        PageInput page = new PageInput("docpipe-ocr", new PageRef("work", "pages/x/1.png", UUID.randomUUID(), 1), () -> png);

        ModelOutput output = new TextractBackend(client, TextractProperties.DocumentSource.BYTES).infer(page);

        JsonNode raw = JsonMapper.builder().build().readTree(output.rawJson());
        assertThat(output.backend()).isEqualTo("textract");
        assertThat(raw.path("DocumentMetadata").path("Pages").asInt()).isEqualTo(1);
        assertThat(raw.path("Blocks").get(0).path("BlockType").asString()).isEqualTo("PAGE");
        StringBuilder words = new StringBuilder();
        for (JsonNode block : raw.path("Blocks")) {
            if (block.path("BlockType").asString().equals("WORD")) {
                words.append(block.path("Text").asString()).append(' ');
                assertThat(block.path("Geometry").path("BoundingBox").path("Left").asDouble()).isBetween(0.0, 1.0);
            }
        }
        assertThat(words.toString().toLowerCase()).contains("invoice", "total", "42");
    }

    @Test
    void readsThePageFromS3WhenGivenItsObject() throws IOException {
        TestInfrastructure infra = TestInfrastructure.shared();
        UUID document = UUID.randomUUID();
        String key = "pages/%s/1.png".formatted(document);
        infra.s3Client().putObject(b -> b.bucket(infra.endpoints().workBucket()).key(key), RequestBody.fromBytes(headline("Refund total 42")));
        PageInput page = new PageInput("docpipe-ocr", new PageRef(infra.endpoints().workBucket(), key, document, 1), () -> {
            throw new AssertionError("an S3Object request must not read the page");
        });

        ModelOutput output = new TextractBackend(client, TextractProperties.DocumentSource.S3_OBJECT).infer(page);

        assertThat(output.rawJson().toLowerCase()).contains("\"text\":\"refund\"", "\"text\":\"total\"");
    }

    private static byte[] headline(String text) throws IOException {
        BufferedImage image = new BufferedImage(900, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 900, 200);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 48));
        g.drawString(text, 40, 110);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
