package dev.docpipe.core.document;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Opens untrusted PDFs the way PDFBox's FAQ advises for large inputs: read from the file (not a
 * byte array) with a temp-file stream cache, so memory does not grow with the document. Every
 * failure is named: EMPTY_FILE, NOT_A_PDF, TOO_LARGE, ENCRYPTED, CORRUPT, TOO_MANY_PAGES.
 * The caller owns the returned document and must close it.
 */
public class SafePdfOpener {

    private final DocumentLimits limits;

    public SafePdfOpener(DocumentLimits limits) {
        this.limits = limits;
    }

    public DocumentLimits limits() {
        return limits;
    }

    /** Checks size and content type, then opens and validates the page count. */
    public PDDocument open(Path file, long size) {
        return open(file, size, -1);
    }

    /**
     * Opens a part this pipeline made (a chunk, a whole document) whose page count is already
     * known, and rejects it as CORRUPT if the page tree disagrees.
     */
    public PDDocument openExpecting(Path file, long size, int expectedPages) {
        return open(file, size, expectedPages);
    }

    /**
     * Opens again a file this process opened with {@link #openExpecting} a moment ago, without
     * checking it again: a long split reopens its source to let go of the objects it parsed.
     */
    public PDDocument reopen(Path file) {
        return load(file);
    }

    private PDDocument open(Path file, long size, int expectedPages) {
        checkSize(size);
        if (ContentSniffer.sniff(file) != dev.docpipe.contracts.SourceKind.PDF) {
            throw new DocumentRejectedException(FailureReason.NOT_A_PDF, "the object is an image, not a PDF");
        }
        PDDocument document = load(file);
        try {
            int counted = countPages(document);
            if (expectedPages >= 0 && counted != expectedPages) {
                throw new DocumentRejectedException(FailureReason.CORRUPT, "expected %d pages, found %d".formatted(expectedPages, counted));
            }
            return document;
        } catch (RuntimeException e) {
            closeQuietly(document);
            throw e;
        }
    }

    public void checkSize(long size) {
        if (size == 0) {
            throw new DocumentRejectedException(FailureReason.EMPTY_FILE, "the object has zero bytes");
        }
        if (size > limits.maxSize().toBytes()) {
            throw new DocumentRejectedException(FailureReason.TOO_LARGE, "%d bytes exceeds the limit of %s".formatted(size, limits.maxSize()));
        }
    }

    /**
     * Counts the pages by walking the page tree, not by trusting the declared {@code /Count}: a
     * crafted file can declare billions of pages.
     *
     * @return the pages actually reachable through the page tree
     */
    public int countPages(PDDocument document) {
        int declared = document.getNumberOfPages();
        if (declared > limits.maxPages()) {
            throw new DocumentRejectedException(FailureReason.TOO_MANY_PAGES, "declares %d pages, the limit is %d".formatted(declared, limits.maxPages()));
        }
        int counted = 0;
        try {
            for (Iterator<PDPage> pages = document.getPages().iterator(); pages.hasNext(); pages.next()) {
                if (++counted > limits.maxPages()) {
                    throw new DocumentRejectedException(FailureReason.TOO_MANY_PAGES, "more than %d pages".formatted(limits.maxPages()));
                }
            }
        } catch (IllegalStateException | ClassCastException | NullPointerException e) {
            throw new DocumentRejectedException(FailureReason.CORRUPT, "unreadable page tree: " + e.getMessage(), e);
        }
        if (counted == 0) {
            throw new DocumentRejectedException(FailureReason.CORRUPT, "the document has no pages");
        }
        // A wrong /Count is common in damaged files; the page tree is what splitting walks.
        return counted;
    }

    private static PDDocument load(Path file) {
        try {
            return Loader.loadPDF(new RandomAccessReadBufferedFile(file), "", null, null, IOUtils.createTempFileOnlyStreamCache());
        } catch (InvalidPasswordException e) {
            throw new DocumentRejectedException(FailureReason.ENCRYPTED, "the document needs a password", e);
        } catch (NoClassDefFoundError e) {
            // PDFBox reaches for BouncyCastle's CMS classes only to open certificate (public-key)
            // encryption, which needs a private key docpipe never holds.
            if (String.valueOf(e.getMessage()).contains("bouncycastle")) {
                throw new DocumentRejectedException(FailureReason.ENCRYPTED, "certificate (public-key) encryption", e);
            }
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new DocumentRejectedException(FailureReason.CORRUPT, "cannot parse: " + e, e);
        }
    }

    private static void closeQuietly(PDDocument document) {
        try {
            document.close();
        } catch (IOException ignored) {
            // the document is being rejected anyway
        }
    }
}
