package dev.docpipe.dispatcher.textract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.contracts.PageRef;
import dev.docpipe.dispatcher.backend.ModelOutput;
import dev.docpipe.dispatcher.backend.PageInput;
import dev.docpipe.model.ModelEndpointApplication;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.textract.TextractClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Textract backend end to end: the real TextractClient against the local model endpoint's Textract API. */
@PipelineInfrastructure
class TextractThroughModelEndpointTest {

    private static ConfigurableApplicationContext modelEndpoint;
    private static TextractClient client;

    @BeforeAll
    static void start() {
        // On this classpath the endpoint also sees Spring Cloud AWS and JDBC, so it gets the
        // infrastructure's settings, as in the local runner.
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--docpipe.model.pool-size=1", "--spring.main.banner-mode=off"));
        TestInfrastructure.shared().springProperties().forEach((k, v) -> args.add("--" + k + "=" + v));
        modelEndpoint = ModelEndpointApplication.builder().run(args.toArray(String[]::new));
        int port = ((WebServerApplicationContext) modelEndpoint).getWebServer().getPort();
        client = TextractBackendTest.client(URI.create("http://127.0.0.1:" + port));
    }

    @AfterAll
    static void stop() {
        client.close();
        modelEndpoint.close();
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
