package dev.docpipe.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.docpipe.contracts.ColourMode;
import dev.docpipe.testing.TestDocuments;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/**
 * What the faster rendering path gives up, measured: against PDFBox's own default rendering (RGB,
 * every image decoded in full, bicubic) the grey page differs by less than a grey level on average.
 * Grey and colour modes, and image inputs of every format brought to the standard size.
 */
class PageImagesTest {

    /** Mean absolute difference, in grey levels of 255, a page may have from the reference. */
    private static final double TOLERANCE = 1.5;

    private static final SafePdfOpener OPENER = new SafePdfOpener(new DocumentLimits(DataSize.ofGigabytes(1), 10_000));
    private static final PageRasterizer RASTERIZER = new PageRasterizer(OPENER, new RenderLimits(10_000, 36));

    @TempDir
    Path dir;

    @Test
    void rendersAMixedPageWithinToleranceOfPdfBoxsDefaultRendering() throws IOException {
        Path pdf = Files.write(dir.resolve("mixed.pdf"), mixedPage());

        BufferedImage ours = ImageIO.read(render(pdf, settings(ColourMode.GREY, 64)).toFile());
        BufferedImage reference = reference(pdf, 1);

        assertThat(ours.getWidth()).isEqualTo(reference.getWidth());
        assertThat(meanDifference(ours, reference)).isLessThan(TOLERANCE).isGreaterThan(0.0);
    }

    @Test
    void rendersCorpusPagesWithinToleranceOfPdfBoxsDefaultRendering() throws IOException {
        Path corpus = Path.of(System.getProperty("docpipe.corpus", "../../shared/corpus"), "pdfbox");
        assumeThat(Files.isDirectory(corpus)).as("the real-world corpus next to the repository").isTrue();
        List<String> sample = List.of("pdfbox_src_test_resources_input_cweb.pdf", "tools_src_test_resources_input_ImageIOUtil_jpeg_demo.pdf",
                "pdfbox_src_test_resources_input_rendering_survey.pdf", "pdfbox_src_test_resources_input_PDFBOX-2984-rotations.pdf");
        for (String name : sample) {
            Path pdf = corpus.resolve(name);
            assumeThat(Files.exists(pdf)).isTrue();
            Path png = dir.resolve(name + ".png");
            RASTERIZER.renderPdf(pdf, Files.size(pdf), 1, 150, settings(ColourMode.GREY, 64), png);
            assertThat(meanDifference(ImageIO.read(png.toFile()), reference(pdf, 1))).as(name).isLessThan(TOLERANCE);
        }
    }

    @Test
    void rendersGreyAsAnEightBitGreyPngAndColourAsRgb() throws IOException {
        Path pdf = Files.write(dir.resolve("mixed.pdf"), mixedPage());

        BufferedImage grey = ImageIO.read(render(pdf, settings(ColourMode.GREY, 256)).toFile());
        BufferedImage colour = ImageIO.read(render(pdf, settings(ColourMode.COLOUR, 256)).toFile());

        assertThat(grey.getColorModel().getNumComponents()).isEqualTo(1);
        assertThat(colour.getColorModel().getNumComponents()).isEqualTo(3);
        // The red square at (1", 1") from the top left: red in colour, its luminance in grey.
        Color red = new Color(colour.getRGB(225, 225));
        assertThat(red.getRed()).isGreaterThan(200);
        assertThat(red.getGreen()).isLessThan(60);
        assertThat(grey.getRaster().getSample(225, 225, 0)).isBetween(60, 90);
        assertThat(Files.size(dir.resolve("grey.png"))).isLessThan(Files.size(dir.resolve("colour.png")));
    }

    @Test
    void keepsBlackAndWhiteExactWhenItReducesLevels() throws IOException {
        Path pdf = Files.write(dir.resolve("mixed.pdf"), mixedPage());

        BufferedImage grey = ImageIO.read(render(pdf, settings(ColourMode.GREY, 64)).toFile());

        assertThat(grey.getRaster().getSample(5, 5, 0)).isEqualTo(255);
        int[] levels = grey.getRaster().getSamples(0, 0, grey.getWidth(), grey.getHeight(), 0, (int[]) null);
        assertThat(Arrays.stream(levels).distinct().count()).isLessThanOrEqualTo(64);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"png", "jpeg", "tiff"})
    void bringsAnImageOfEachFormatToTheStandardSize(String format) throws IOException {
        Path image = Files.write(dir.resolve("scan." + format), TestDocuments.textImage(format, 2550, 3300, 0));
        Path png = dir.resolve(format + ".png");

        PageRasterizer.Raster raster = RASTERIZER.normaliseImage(image, 1, new RenderSettings(ColourMode.GREY, 4, 64, 2000,
                QualityThresholds.defaults()), png);

        assertThat(raster.height()).isEqualTo(2000);
        assertThat(raster.width()).isEqualTo(1545);
        assertThat(raster.quality().verdict()).isEqualTo(QualityGate.Verdict.CLEAN);
        BufferedImage written = ImageIO.read(png.toFile());
        assertThat(written.getHeight()).isEqualTo(2000);
        assertThat(written.getColorModel().getNumComponents()).isEqualTo(1);
    }

    @Test
    void bringsEveryPageOfAMultiPageTiffToTheStandardSize() throws IOException {
        Path tiff = Files.write(dir.resolve("three.tiff"), TestDocuments.multiPageTiff(3, 3000, 1000));

        assertThat(RASTERIZER.imagePages(tiff)).isEqualTo(3);
        for (int page = 1; page <= 3; page++) {
            Path png = dir.resolve("page-" + page + ".png");
            PageRasterizer.Raster raster = RASTERIZER.normaliseImage(tiff, page, settings(ColourMode.GREY, 256), png);
            assertThat(raster.width()).isEqualTo(2000);
            assertThat(raster.height()).isEqualTo(667);
            assertThat(ImageIO.read(png.toFile()).getRaster().getSample(1000, 300, 0)).isEqualTo(40 * page);
        }
    }

    @Test
    void averagesFinePatternsWhenItScalesDownRatherThanAliasingThem() throws IOException {
        // One-pixel black and white stripes: any pixel-skipping scaler turns them solid black or white.
        BufferedImage stripes = new BufferedImage(4000, 400, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 4000; x += 2) {
            for (int y = 0; y < 400; y++) {
                stripes.getRaster().setSample(x, y, 0, 255);
            }
        }
        Path image = dir.resolve("stripes.png");
        ImageIO.write(stripes, "png", image.toFile());
        Path png = dir.resolve("stripes-out.png");

        RASTERIZER.normaliseImage(image, 1, settings(ColourMode.GREY, 256), png);

        BufferedImage out = ImageIO.read(png.toFile());
        assertThat(out.getWidth()).isEqualTo(2000);
        for (int x = 100; x < 1900; x += 97) {
            assertThat(out.getRaster().getSample(x, 100, 0)).as("x=%d", x).isBetween(110, 145);
        }
    }

    private Path render(Path pdf, RenderSettings settings) {
        Path png = dir.resolve(settings.colour() == ColourMode.GREY ? "grey.png" : "colour.png");
        RASTERIZER.renderPdf(pdf, pdf.toFile().length(), 1, 150, settings, png);
        return png;
    }

    private static RenderSettings settings(ColourMode colour, int levels) {
        return new RenderSettings(colour, 4, levels, 2000, QualityThresholds.defaults());
    }

    /** PDFBox's own rendering with its defaults: RGB, no subsampling, its default hints. */
    private static BufferedImage reference(Path pdf, int page) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            return new PDFRenderer(document).renderImage(page - 1, PageRasterizer.scale(150, 1f), ImageType.RGB);
        }
    }

    private static double meanDifference(BufferedImage a, BufferedImage b) {
        int w = Math.min(a.getWidth(), b.getWidth());
        int h = Math.min(a.getHeight(), b.getHeight());
        long sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                sum += Math.abs(grey(a, x, y) - grey(b, x, y));
            }
        }
        return (double) sum / ((long) w * h);
    }

    /** A grey PNG's own level (getRGB would pass it through Java2D's linear grey colour space), or the luma of RGB. */
    private static int grey(BufferedImage image, int x, int y) {
        return image.getColorModel().getNumComponents() == 1 ? image.getRaster().getSample(x, y, 0) : luma(image.getRGB(x, y));
    }

    private static int luma(int rgb) {
        return (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff)) / 1000;
    }

    /** Text, a red square, a grey disc of curves and a 1200 px photo-like image drawn 3 inches wide (subsampled). */
    private static byte[] mixedPage() throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
            BufferedImage photo = new BufferedImage(1200, 1200, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = photo.createGraphics();
            for (int i = 0; i < 1200; i += 3) {
                g.setColor(new Color((i * 7) % 256, (i * 3) % 256, 255 - i % 256));
                g.fillRect(i, 0, 3, 1200);
            }
            g.setColor(Color.BLACK);
            g.setFont(g.getFont().deriveFont(120f));
            g.drawString("docpipe", 100, 600);
            g.dispose();
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.setNonStrokingColor(Color.RED);
                content.addRect(72, 792 - 144, 72, 72);
                content.fill();
                content.setNonStrokingColor(Color.GRAY);
                content.moveTo(400, 600);
                content.curveTo(400, 680, 520, 680, 520, 600);
                content.curveTo(520, 520, 400, 520, 400, 600);
                content.fill();
                content.drawImage(LosslessFactory.createFromImage(document, photo), 72, 144, 216, 216);
                content.beginText();
                content.setNonStrokingColor(Color.BLACK);
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                content.newLineAtOffset(72, 450);
                for (int line = 0; line < 12; line++) {
                    content.showText("The quick brown fox jumps over the lazy dog, line %d of a page of text.".formatted(line));
                    content.newLineAtOffset(0, -14);
                }
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
