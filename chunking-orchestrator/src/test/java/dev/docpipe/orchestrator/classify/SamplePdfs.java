package dev.docpipe.orchestrator.classify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Documents the orchestrator is given, generated: good PDFs of any length and the kinds of bad input. */
final class SamplePdfs {

    private SamplePdfs() {}

    /** Letter pages, each saying which page it is. */
    static byte[] withPages(int pages) {
        try (PDDocument document = numberedPages(pages)) {
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opening needs the user password: a reader without it gets nothing. */
    static byte[] encrypted() {
        try (PDDocument document = numberedPages(2)) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(256);
            document.protect(policy);
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first third of a document: a header and part of a body, no cross-reference table. */
    static byte[] truncated() {
        byte[] whole = withPages(3);
        return Arrays.copyOf(whole, whole.length / 3);
    }

    /** A PDF header followed by noise. */
    static byte[] headerThenGarbage() {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    private static PDDocument numberedPages(int pages) {
        PDDocument document = new PDDocument();
        try {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int n = 1; n <= pages; n++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                document.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                    text.beginText();
                    text.setFont(font, 18);
                    text.newLineAtOffset(72, 700);
                    text.showText("Page %d of %d".formatted(n, pages));
                    text.endText();
                }
            }
            return document;
        } catch (IOException e) {
            try {
                document.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] save(PDDocument document) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
