package dev.docpipe.benchmarks;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
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
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.shading.PDShadingType1;

/** Inputs the render benchmark makes itself: one pathological page, and scans for the image normaliser. */
final class RenderInputs {

    private RenderInputs() {}

    /**
     * A Letter page whose background is a function-based shading with a long PostScript
     * calculator function. PDFBox interprets the function for every pixel (MuPDF samples it on a
     * grid), 23 s of CPU at 150 dpi and 5 s at 72: the kind of page the render timeout and its
     * fallback exist for. docpipe's renderer now samples such shadings too (about 0.2 s), so the
     * page no longer reaches the time bound; it stays in the set as the page that used to.
     */
    static Path pathologicalPage(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve("generated-pathological-shading.pdf");
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            document.addPage(page);
            COSStream function = document.getDocument().createCOSStream();
            function.setInt(COSName.FUNCTION_TYPE, 4);
            function.setItem(COSName.DOMAIN, floats(0, 1, 0, 1));
            function.setItem(COSName.RANGE, floats(0, 1, 0, 1, 0, 1));
            StringBuilder program = new StringBuilder("{ add 2 div");
            for (int i = 1; i <= 40; i++) {
                program.append(" dup %d mul sin 1 add 2 div exch pop".formatted(97 * i));
            }
            program.append(" 0.3 mul 0.7 add dup dup }");
            try (OutputStream out = function.createOutputStream()) {
                out.write(program.toString().getBytes(StandardCharsets.US_ASCII));
            }
            PDShadingType1 shading = new PDShadingType1(new COSDictionary());
            shading.setShadingType(1);
            shading.setColorSpace(PDDeviceRGB.INSTANCE);
            shading.setFunction(PDFunction.create(function));
            shading.setDomain(floats(0, 1, 0, 1));
            shading.setMatrix(new AffineTransform(612, 0, 0, 792, 0, 0));
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.shadingFill(shading);
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 18);
                content.newLineAtOffset(72, 700);
                content.showText("A page whose background costs PDFBox a PostScript function per pixel");
                content.endText();
            }
            document.save(file.toFile());
        }
        return file;
    }

    /** Scans of text pages at 300 dpi (2550 x 3300), as PNG, JPEG and TIFF in turn. */
    static List<Path> scans(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        String[] formats = {"png", "jpeg", "tiff"};
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String format = formats[i % formats.length];
            Path file = folder.resolve("scan-%03d.%s".formatted(i, format.equals("jpeg") ? "jpg" : format));
            ImageIO.write(scan(2550, 3300, new Random(i)), format, file.toFile());
            files.add(file);
        }
        return files;
    }

    private static BufferedImage scan(int width, int height, Random random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(250, 248, 240));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(30, 30, 40));
            g.setFont(new Font(Font.SERIF, Font.PLAIN, 36));
            for (int y = 200; y < height - 200; y += 60) {
                StringBuilder line = new StringBuilder();
                while (line.length() < 100) {
                    line.append(Integer.toString(random.nextInt(1 << 20), 36)).append(' ');
                }
                g.drawString(line.toString(), 150, y);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static COSArray floats(float... values) {
        COSArray array = new COSArray();
        for (float v : values) {
            array.add(new COSFloat(v));
        }
        return array;
    }
}
