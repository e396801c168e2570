package dev.docpipe.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.function.PDFunction;
import org.apache.pdfbox.pdmodel.common.function.PDFunctionType2;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.shading.PDShading;
import org.apache.pdfbox.pdmodel.graphics.shading.PDShadingType1;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;

/**
 * Function-based shadings whose PostScript function PDFBox would run for every pixel are drawn
 * from a grid of samples: within a grey level of PDFBox's exact drawing for a smooth function, and
 * in a fraction of its time for a costly one.
 */
class SampledFunctionShadingTest {

    private static final float SCALE = 150 / 72f;

    @Test
    void samplesOnlyShadingsWhoseFunctionIsAPostScriptCalculator() throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDShadingType1 calculator = shading(document, "{ add 2 div dup dup }");
            PDShadingType1 exponential = shading(document, null);

            assertThat(SampledFunctionShading.sampling(calculator)).isNotNull();
            assertThat(SampledFunctionShading.sampling(exponential)).isNull();
        }
    }

    @Test
    void drawsASmoothShadingWithinAGreyLevelOfPdfBoxsExactDrawing() throws IOException {
        try (PDDocument document = page("{ exch 0.5 mul add 1.5 div dup dup 0.3 mul exch dup mul }")) {
            BufferedImage sampled = SamplingPageDrawer.renderer(document).renderImage(0, SCALE, ImageType.RGB);
            BufferedImage exact = new PDFRenderer(document).renderImage(0, SCALE, ImageType.RGB);

            assertThat(meanDifference(sampled, exact)).isLessThan(0.5);
        }
    }

    @Test
    void leavesWhatLiesOutsideTheDomainUnpaintedAndConvertsOtherColourSpacesAsPdfBoxDoes() throws IOException {
        // A grey shading whose domain covers the left half of the page only, over a red page.
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
            PDShadingType1 shading = shading(document, "{ mul 0.8 mul 0.1 add }");
            shading.setColorSpace(PDDeviceGray.INSTANCE);
            shading.getCOSObject().setItem(COSName.FUNCTION, functionWithRange(document, "{ mul 0.8 mul 0.1 add }", 0, 1));
            shading.setMatrix(new AffineTransform(306, 0, 0, 792, 0, 0));
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.setNonStrokingColor(1f, 0f, 0f);
                content.addRect(0, 0, 612, 792);
                content.fill();
                content.shadingFill(shading);
            }
            BufferedImage sampled = SamplingPageDrawer.renderer(document).renderImage(0, SCALE, ImageType.RGB);
            BufferedImage exact = new PDFRenderer(document).renderImage(0, SCALE, ImageType.RGB);

            assertThat(meanDifference(sampled, exact)).isLessThan(0.5);
            assertThat(sampled.getRGB(sampled.getWidth() * 3 / 4, sampled.getHeight() / 2) & 0xffffff).isEqualTo(0xff0000);
            int grey = sampled.getRGB(sampled.getWidth() / 4, sampled.getHeight() / 2);
            assertThat((grey >> 16) & 0xff).isEqualTo(grey & 0xff).isBetween(20, 240);
        }
    }

    @Test
    void drawsAShadingWhoseFunctionCostsTensOfSecondsPerPageInWellUnderOne() throws IOException {
        // 40 nested sines per evaluation: PDFBox ran it per pixel for 23 s of CPU at 150 dpi.
        StringBuilder program = new StringBuilder("{ add 2 div");
        for (int i = 1; i <= 40; i++) {
            program.append(" dup %d mul sin 1 add 2 div exch pop".formatted(97 * i));
        }
        try (PDDocument document = page(program.append(" 0.3 mul 0.7 add dup dup }").toString())) {
            PDFRenderer renderer = SamplingPageDrawer.renderer(document);
            long start = System.nanoTime();
            BufferedImage image = renderer.renderImage(0, SCALE, ImageType.RGB);

            // Generous for a loaded build machine: it takes about 0.2 s warm.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(image.getWidth()).isEqualTo(1275);
        }
    }

    private static PDDocument page(String program) throws IOException {
        PDDocument document = new PDDocument();
        PDPage page = new PDPage(PDRectangle.LETTER);
        document.addPage(page);
        PDShadingType1 shading = shading(document, program);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.shadingFill(shading);
        }
        return document;
    }

    /** A page-filling function-based shading: a PostScript program, or an exponential function when null. */
    private static PDShadingType1 shading(PDDocument document, String program) throws IOException {
        PDFunction function;
        if (program != null) {
            COSStream stream = document.getDocument().createCOSStream();
            stream.setInt(COSName.FUNCTION_TYPE, 4);
            stream.setItem(COSName.DOMAIN, floats(0, 1, 0, 1));
            stream.setItem(COSName.RANGE, floats(0, 1, 0, 1, 0, 1));
            try (OutputStream out = stream.createOutputStream()) {
                out.write(program.getBytes(StandardCharsets.US_ASCII));
            }
            function = PDFunction.create(stream);
        } else {
            COSDictionary exponential = new COSDictionary();
            exponential.setInt(COSName.FUNCTION_TYPE, 2);
            exponential.setItem(COSName.DOMAIN, floats(0, 1));
            exponential.setItem(COSName.N, new COSFloat(1));
            function = new PDFunctionType2(exponential);
        }
        PDShadingType1 shading = new PDShadingType1(new COSDictionary());
        shading.setShadingType(PDShading.SHADING_TYPE1);
        shading.setColorSpace(PDDeviceRGB.INSTANCE);
        shading.setFunction(function);
        shading.setDomain(floats(0, 1, 0, 1));
        shading.setMatrix(new AffineTransform(612, 0, 0, 792, 0, 0));
        return shading;
    }

    private static PDFunction functionWithRange(PDDocument document, String program, float... range) throws IOException {
        COSStream stream = document.getDocument().createCOSStream();
        stream.setInt(COSName.FUNCTION_TYPE, 4);
        stream.setItem(COSName.DOMAIN, floats(0, 1, 0, 1));
        stream.setItem(COSName.RANGE, floats(range));
        try (OutputStream out = stream.createOutputStream()) {
            out.write(program.getBytes(StandardCharsets.US_ASCII));
        }
        return PDFunction.create(stream);
    }

    private static COSArray floats(float... values) {
        COSArray array = new COSArray();
        for (float v : values) {
            array.add(new COSFloat(v));
        }
        return array;
    }

    private static double meanDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
