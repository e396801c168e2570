package dev.docpipe.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.docpipe.contracts.ColourMode;
import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.testing.TestDocuments;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;

/** Pixel sizes decided before allocation, exact page sizes, images normalised, bombs bounded. */
class PageRasterizerTest {

    private static final SafePdfOpener OPENER = new SafePdfOpener(new DocumentLimits(DataSize.ofGigabytes(5), 100_000));
    /** RGB output, and no standard size below the caps these tests set. */
    private static final RenderSettings COLOUR = new RenderSettings(ColourMode.COLOUR, 4, 256, 100_000, QualityThresholds.defaults());
    /** 200 x 200 inches: 30,000 px a side at 150 dpi. */
    private static final PDRectangle GIANT = new PDRectangle(200 * 72, 200 * 72);

    @TempDir
    Path dir;

    private final PageRasterizer renderer = renderer(10_000, 36);

    /**
     * A grey page is drawn straight into a grey raster: Java2D fills and blits onto it by the same
     * sRGB luma as converting an RGB drawing, so photographs (lossless, JPEG, grey), coloured fills
     * and text come out as drawing in RGB and converting gives them.
     */
    @Test
    void aGreyPageDrawnStraightInGreyIsTheLumaOfItsColourDrawing() throws IOException {
        BufferedImage photo = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        BufferedImage greyPhoto = new BufferedImage(300, 200, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                photo.setRGB(x, y, (x * 255 / 299) << 16 | (y * 255 / 199) << 8 | (x + y) * 255 / 498);
                greyPhoto.getRaster().setSample(x, y, 0, x * 255 / 299);
            }
        }
        byte[] pdf;
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(LosslessFactory.createFromImage(document, photo), 50, 400, 400, 266);
                content.drawImage(JPEGFactory.createFromImage(document, photo, 0.9f), 50, 100, 250, 166);
                content.drawImage(LosslessFactory.createFromImage(document, greyPhoto), 320, 100, 250, 166);
                content.setNonStrokingColor(new Color(200, 30, 30));
                content.addRect(400, 700, 100, 50);
                content.fill();
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                content.newLineAtOffset(50, 720);
                content.showText("Grey text on a page of photographs");
                content.endText();
            }
            document.save(out);
            pdf = out.toByteArray();
        }
        Path file = Files.write(dir.resolve("photos.pdf"), pdf);
        Path greyPng = dir.resolve("grey.png");
        Path colourPng = dir.resolve("colour.png");
        renderer.renderPdf(file, pdf.length, 1, 150, new RenderSettings(ColourMode.GREY, 4, 256, 100_000, QualityThresholds.defaults()), greyPng);
        renderer.renderPdf(file, pdf.length, 1, 150, COLOUR, colourPng);

        BufferedImage grey = ImageIO.read(greyPng.toFile());
        BufferedImage colour = ImageIO.read(colourPng.toFile());
        long differing = 0;
        int largest = 0;
        for (int y = 0; y < grey.getHeight(); y++) {
            for (int x = 0; x < grey.getWidth(); x++) {
                int rgb = colour.getRGB(x, y);
                int luma = (77 * ((rgb >> 16) & 0xff) + 150 * ((rgb >> 8) & 0xff) + 29 * (rgb & 0xff) + 128) >> 8;
                int difference = Math.abs(grey.getRaster().getSample(x, y, 0) - luma);
                differing += difference > 0 ? 1 : 0;
                largest = Math.max(largest, difference);
            }
        }
        assertThat(largest).as("largest difference, grey levels").isLessThanOrEqualTo(1);
        assertThat(differing).as("pixels off by one").isLessThan((long) grey.getWidth() * grey.getHeight() / 1000);
    }

    @Test
    void keepsTheRequestedDpiForAPageThatFits() {
        assertThat(renderer.fittingDpi(new PDPage(PDRectangle.LETTER), 150)).isEqualTo(150);
        assertThat(renderer.fittingDpi(new PDPage(PDRectangle.LETTER), 600)).isEqualTo(600);
    }

    @Test
    void lowersTheDpiUntilAGiantPageFitsTenThousandPixels() {
        int dpi = renderer.fittingDpi(new PDPage(GIANT), 150);

        assertThat(200 * dpi).isLessThanOrEqualTo(10_000);
        assertThat(dpi).isEqualTo(50);
    }

    @Test
    void measuresTheLongerSideOfALandscapeOrRotatedPage() {
        PDPage banner = new PDPage(new PDRectangle(100 * 72, 8 * 72));
        PDPage rotated = new PDPage(new PDRectangle(8 * 72, 100 * 72));
        rotated.setRotation(90);

        assertThat(renderer.fittingDpi(banner, 150)).isEqualTo(100);
        assertThat(renderer.fittingDpi(rotated, 150)).isEqualTo(100);
    }

    @Test
    void rejectsAPageThatCannotFitEvenAtTheMinimumDpi() {
        // 14,400 pt = 200 in: fitting 10,000 px needs 50 dpi, below a minimum of 100.
        PageRasterizer strict = renderer(10_000, 100);

        assertThatThrownBy(() -> strict.fittingDpi(new PDPage(GIANT), 150))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.PAGE_TOO_LARGE));
    }

    @Test
    void acceptsAPageThatFitsAtExactlyTheMinimumDpi() {
        assertThat(renderer(10_000, 50).fittingDpi(new PDPage(GIANT), 150)).isEqualTo(50);
    }

    @Test
    void rendersALetterPageAt150DpiTo1275By1650Pixels() {
        Rendered page = render(renderer, TestDocuments.pdf(1), SourceKind.PDF, 150);

        assertThat(page.dpi()).isEqualTo(150);
        assertThat(page.width()).isEqualTo(1275);
        assertThat(page.height()).isEqualTo(1650);
        BufferedImage png = decodePng(page.png());
        assertThat(png.getWidth()).isEqualTo(1275);
        assertThat(png.getHeight()).isEqualTo(1650);
    }

    @Test
    void rendersAPageOverTheCapAtTheLowerDpiThatFits() {
        // Letter at 150 dpi is 1650 px tall; with a 1000 px cap it renders at 90 dpi.
        Rendered page = render(renderer(1_000, 36), TestDocuments.pdf(1), SourceKind.PDF, 150);

        assertThat(page.dpi()).isEqualTo(90);
        BufferedImage png = decodePng(page.png());
        assertThat(png.getWidth()).isEqualTo(765);
        assertThat(png.getHeight()).isEqualTo(990);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"png, 2", "jpeg, 1", "tiff, 10"}) // ARGB, RGB and grey sources
    void normalisesAnImageToAnRgbPngOfTheSameSize(String format, int imageType) {
        byte[] source = TestDocuments.image(format, 320, 240, imageType, new Color(40, 40, 40));

        Rendered page = render(renderer, source, SourceKind.IMAGE, 150);

        assertThat(page.width()).isEqualTo(320);
        assertThat(page.height()).isEqualTo(240);
        BufferedImage png = decodePng(page.png());
        assertThat(png.getWidth()).isEqualTo(320);
        assertThat(png.getHeight()).isEqualTo(240);
        assertThat(png.getColorModel().hasAlpha()).isFalse();
        assertThat(png.getColorModel().getNumComponents()).isEqualTo(3);
        assertThat(new Color(png.getRGB(160, 120)).getGreen()).isBetween(30, 50);
    }

    @Test
    void flattensATransparentImageOntoWhite() {
        byte[] clear = TestDocuments.image("png", 64, 64, BufferedImage.TYPE_INT_ARGB, new Color(0, 0, 0, 0));

        BufferedImage png = decodePng(render(renderer, clear, SourceKind.IMAGE, 150).png());

        assertThat(png.getRGB(32, 32) & 0xffffff).isEqualTo(0xffffff);
    }

    @Test
    void scalesDownAnImageLargerThanTheCap() {
        byte[] wide = TestDocuments.image("png", 3_000, 1_500, BufferedImage.TYPE_INT_RGB, Color.GRAY);

        Rendered page = render(renderer(1_000, 36), wide, SourceKind.IMAGE, 150);

        BufferedImage png = decodePng(page.png());
        assertThat(png.getWidth()).isEqualTo(1_000);
        assertThat(png.getHeight()).isEqualTo(500);
    }

    @Test
    void decodesAPixelBombWithMemoryBoundedByTheCapNotTheDeclaredSize() {
        // 8,000 x 8,000 RGB is 192 MB decoded, from a file of a few hundred kilobytes.
        byte[] bomb = TestDocuments.blackPng(8_000);
        PageRasterizer capped = renderer(1_000, 36);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

        long before = threads.getCurrentThreadAllocatedBytes();
        Rendered page = render(capped, bomb, SourceKind.IMAGE, 150);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(Math.max(page.width(), page.height())).isLessThanOrEqualTo(1_000);
        assertThat(allocated).as("bytes allocated decoding the image").isLessThan(64L * 1024 * 1024);
    }

    @Test
    void rendersAPageWithAUserUnitAtItsTrueSize() {
        // A Letter-sized box with UserUnit 2 is a 17 x 22 inch page.
        PDPage page = new PDPage(PDRectangle.LETTER);
        page.getCOSObject().setFloat(org.apache.pdfbox.cos.COSName.getPDFName("UserUnit"), 2f);
        assertThat(renderer.fittingDpi(page, 150)).isEqualTo(150);
        assertThat(renderer(3_000, 36).fittingDpi(page, 150)).isEqualTo(136);
    }

    @Test
    void rendersEveryPageOfADocumentKeptOpenAndReopensItWhenTheFileChanges() throws IOException {
        Path pdf = Files.write(dir.resolve("doc.pdf"), TestDocuments.pdf(2));
        for (int page = 1; page <= 2; page++) {
            assertThat(renderer.renderPdf(pdf, Files.size(pdf), page, 150, COLOUR, dir.resolve(page + ".png")).height()).isEqualTo(1650);
        }

        // Same path, new content: the document kept open for its next page must not be used.
        Files.write(pdf, TestDocuments.pdf(3, PDRectangle.A4, null));
        PageRasterizer.Raster third = renderer.renderPdf(pdf, Files.size(pdf), 3, 150, COLOUR, dir.resolve("3.png"));

        assertThat(third.height()).as("A4, 841.89 pt").isEqualTo(1753);
        assertThatThrownBy(() -> renderer.renderPdf(pdf, Files.size(pdf), 4, 150, COLOUR, dir.resolve("4.png")))
                .isInstanceOfSatisfying(DocumentRejectedException.class, e -> assertThat(e.getMessage()).contains("no page 4 in 3 pages"));
    }

    @Test
    void endsGarbageBehindAPngSignatureUnsupportedImage() {
        byte[] garbage = TestDocuments.garbageWithPngSignature();

        assertThatThrownBy(() -> render(renderer, garbage, SourceKind.IMAGE, 150))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.UNSUPPORTED_IMAGE));
    }

    private static PageRasterizer renderer(int maxPixelsPerSide, int minDpi) {
        return new PageRasterizer(OPENER, new RenderLimits(maxPixelsPerSide, minDpi));
    }

    /** A rendered page read back: the PNG's bytes and what the rasterizer reported. */
    record Rendered(byte[] png, int width, int height, int dpi) {}

    private Rendered render(PageRasterizer rasterizer, byte[] source, SourceKind kind, int dpi) {
        try {
            Path file = Files.write(Files.createTempFile(dir, "source-", ".bin"), source);
            Path png = dir.resolve(file.getFileName() + ".png");
            PageRasterizer.Raster raster = kind == SourceKind.IMAGE
                    ? rasterizer.normaliseImage(file, 1, COLOUR, png)
                    : rasterizer.renderPdf(file, source.length, 1, dpi, COLOUR, png);
            return new Rendered(Files.readAllBytes(png), raster.width(), raster.height(), raster.dpi());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage decodePng(byte[] png) {
        assertThat(Arrays.copyOf(png, 8)).as("PNG signature").isEqualTo(TestDocuments.PNG_SIGNATURE);
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
