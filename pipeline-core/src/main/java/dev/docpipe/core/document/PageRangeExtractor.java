package dev.docpipe.core.document;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Writes a range of a document's pages to a new PDF file, lean (see {@link LeanPartBuilder}):
 * each part is built, saved and closed before the next is made, so memory holds one part at a
 * time, and its streams are written straight from the source file.
 */
public final class PageRangeExtractor {

    private PageRangeExtractor() {}

    /**
     * @param firstPage 1-based, inclusive
     * @param lastPage  1-based, inclusive
     */
    public static void extract(LeanPartBuilder builder, int firstPage, int lastPage, Path target) {
        PDDocument part;
        try {
            part = builder.build(firstPage, lastPage);
        } catch (IOException | RuntimeException e) {
            throw new DocumentRejectedException(FailureReason.CORRUPT,
                    "cannot copy pages %d-%d: %s".formatted(firstPage, lastPage, e), e);
        }
        try {
            part.save(target.toFile(), builder.compression());
        } catch (FileSystemException e) {
            throw new UncheckedIOException(e); // our disk, not the document: retry
        } catch (IOException | RuntimeException e) {
            // Saving reads the source's streams; a damaged one fails here.
            throw new DocumentRejectedException(FailureReason.CORRUPT,
                    "cannot write pages %d-%d: %s".formatted(firstPage, lastPage, e), e);
        } finally {
            IOUtils.closeQuietly(part);
        }
    }
}
