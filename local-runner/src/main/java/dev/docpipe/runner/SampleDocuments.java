package dev.docpipe.runner;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * Generates the bundled sample and test documents: born-digital pages of printed English text
 * (so the OCR model has something to read), numbered so a page can be recognised in its result.
 */
public final class SampleDocuments {

    private static final String[] SENTENCES = {
        "Invoice number %d for the quarterly maintenance of the pipeline.",
        "The total amount due is %d dollars, payable within thirty days.",
        "Please keep this page with your records for page %d.",
        "Documents are split into pages and every page is read by the model.",
    };

    private SampleDocuments() {}

    /** A PDF of {@code pages} Letter pages, each with a heading and a few lines of text. */
    public static byte[] pdf(String title, int pages) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int n = 1; n <= pages; n++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                document.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                    text.beginText();
                    text.setFont(bold, 22);
                    text.newLineAtOffset(72, 700);
                    text.showText("%s page %d of %d".formatted(title, n, pages));
                    text.setFont(regular, 14);
                    for (String sentence : SENTENCES) {
                        text.newLineAtOffset(0, -30);
                        text.showText(sentence.contains("%d") ? sentence.formatted(n * 100 + 7) : sentence);
                    }
                    text.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF cut off in the middle: a header and half a body, no cross-reference table. */
    public static byte[] truncatedPdf() {
        byte[] whole = pdf("Truncated", 3);
        return Arrays.copyOf(whole, whole.length / 3);
    }

    /** A photographed-receipt stand-in: a PNG image of printed text, for the image path. */
    public static byte[] receiptPng() {
        BufferedImage image = new BufferedImage(900, 500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
            g.drawString("RECEIPT 2026", 60, 100);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 30));
            g.drawString("Coffee beans        12.50", 60, 200);
            g.drawString("Paper filters        3.20", 60, 260);
            g.drawString("Total               15.70", 60, 340);
        } finally {
            g.dispose();
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the bundled samples: a 1-page, a 5-page and a 25-page PDF, an image, and a truncated PDF. */
    public static void writeSamples(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve("letter-1-page.pdf"), pdf("Letter", 1));
        Files.write(directory.resolve("report-5-pages.pdf"), pdf("Report", 5));
        Files.write(directory.resolve("manual-25-pages.pdf"), pdf("Manual", 25));
        Files.write(directory.resolve("receipt.png"), receiptPng());
        Files.write(directory.resolve("truncated.pdf"), truncatedPdf());
    }

    public static void main(String[] args) throws IOException {
        writeSamples(Path.of(args.length > 0 ? args[0] : "samples"));
    }
}
