package dev.docpipe.dispatcher.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Boxes read from each output shape land on the right pixels of the page. */
class PageAnnotatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BOX = PageAnnotator.BOX.getRGB();
    private static final int WHITE = Color.WHITE.getRGB();

    @Test
    void drawsATextractWordWhereItsRatiosPlaceIt() {
        String textract = """
                {"Blocks":[{"BlockType":"PAGE","Geometry":{"BoundingBox":{"Width":1,"Height":1,"Left":0,"Top":0}},"Id":"p"},
                           {"BlockType":"LINE","Text":"Total","Geometry":{"BoundingBox":{"Width":0.3,"Height":0.2,"Left":0.2,"Top":0.4}},"Id":"l"},
                           {"BlockType":"WORD","Text":"Total","Geometry":{"BoundingBox":{"Width":0.3,"Height":0.2,"Left":0.2,"Top":0.4}},"Id":"w"}]}""";

        List<Box> boxes = ModelBoxes.of(JSON.readTree(textract), 1000, 500);

        assertThat(boxes).containsExactly(new Box("Total", 200, 200, 300, 100));
        BufferedImage drawn = PageAnnotator.draw(white(1000, 500), boxes);
        assertThat(drawn.getRGB(200, 250)).as("left edge").isEqualTo(BOX);
        assertThat(drawn.getRGB(500, 250)).as("right edge").isEqualTo(BOX);
        assertThat(drawn.getRGB(350, 300)).as("bottom edge").isEqualTo(BOX);
        assertThat(drawn.getRGB(350, 250)).as("inside the box, the page shows").isEqualTo(WHITE);
        assertThat(drawn.getRGB(203, 190)).as("the label's tab sits above the box").isEqualTo(BOX);
        assertThat(drawn.getRGB(700, 100)).as("away from the box").isEqualTo(WHITE);
        assertThat(drawn.getRGB(190, 250)).as("left of the box").isEqualTo(WHITE);
    }

    @Test
    void scalesTheLocalModelsPixelBoxesToTheImageItAnnotates() {
        String ocr = """
                {"width":500,"height":250,"lines":[{"text":"Invoice","bbox":{"left":50,"top":100,"width":100,"height":20},
                  "words":[{"text":"Invoice","confidence":95.0,"bbox":{"left":50,"top":100,"width":100,"height":20}}]}]}""";

        assertThat(ModelBoxes.of(JSON.readTree(ocr), 1000, 500)).containsExactly(new Box("Invoice", 100, 200, 200, 40));
    }

    @Test
    void labelsDetectionsWithTheirClassAndScore() {
        String detections = """
                [{"label":"car","score":0.913,"box":{"xmin":10,"ymin":20,"xmax":110,"ymax":70}}]""";

        assertThat(ModelBoxes.of(JSON.readTree(detections), 640, 480)).containsExactly(new Box("car 0.91", 10, 20, 100, 50));
        assertThat(ModelBoxes.of(JSON.readTree("{\"predictions\":" + detections + "}"), 640, 480)).hasSize(1);
    }

    @Test
    void findsNoBoxesInOutputWithoutThem() {
        assertThat(ModelBoxes.of(JSON.readTree("{\"text\":\"no boxes here\"}"), 100, 100)).isEmpty();
        assertThat(ModelBoxes.of(JSON.readTree("{\"Blocks\":[{\"BlockType\":\"PAGE\",\"Id\":\"p\"}]}"), 100, 100)).isEmpty();
    }

    private static BufferedImage white(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }
}
