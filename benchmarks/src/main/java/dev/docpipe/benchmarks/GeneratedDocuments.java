package dev.docpipe.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Born-digital text documents, the normal case: Letter pages full of text, 1 to 10 pages each.
 * The same seed gives the same documents, so runs compare.
 */
final class GeneratedDocuments {

    private static final String[] WORDS = ("invoice total amount due payment account customer order delivery date "
            + "reference number period service tax balance statement address contract terms page item quantity price")
            .split(" ");
    private static final int LINES_PER_PAGE = 50;

    private GeneratedDocuments() {}

    static List<Path> write(Path folder, int count) throws IOException {
        List<Path> files = new ArrayList<>();
        if (count == 0) {
            return files;
        }
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            Path file = folder.resolve("generated-%03d.pdf".formatted(i));
            Files.write(file, textPdf(1 + i % 10, new Random(i)));
            files.add(file);
        }
        return files;
    }

    private static byte[] textPdf(int pages, Random random) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int n = 1; n <= pages; n++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                document.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                    text.beginText();
                    text.setFont(font, 10);
                    text.setLeading(13);
                    text.newLineAtOffset(54, PDRectangle.LETTER.getHeight() - 72);
                    text.showText("Page %d of %d".formatted(n, pages));
                    for (int line = 0; line < LINES_PER_PAGE; line++) {
                        text.newLine();
                        text.showText(sentence(random));
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

    private static String sentence(Random random) {
        StringBuilder line = new StringBuilder();
        while (line.length() < 90) {
            line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            if (random.nextInt(6) == 0) {
                line.append(random.nextInt(100_000)).append(' ');
            }
        }
        return line.toString().trim();
    }
}
