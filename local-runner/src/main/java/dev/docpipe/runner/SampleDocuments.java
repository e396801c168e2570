package dev.docpipe.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

    /** Writes the bundled samples: a 1-page, a 5-page and a 25-page PDF, and a truncated one. */
    public static void writeSamples(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve("letter-1-page.pdf"), pdf("Letter", 1));
        Files.write(directory.resolve("report-5-pages.pdf"), pdf("Report", 5));
        Files.write(directory.resolve("manual-25-pages.pdf"), pdf("Manual", 25));
        Files.write(directory.resolve("truncated.pdf"), truncatedPdf());
    }

    public static void main(String[] args) throws IOException {
        writeSamples(Path.of(args.length > 0 ? args[0] : "samples"));
    }
}
