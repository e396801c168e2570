package dev.docpipe.core.document;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.multipdf.Splitter;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Writes a range of a document's pages to a new PDF file. PDFBox's {@link Splitter} does the
 * copying (it drops links into the source's structure tree and fixes up annotations); each part
 * is saved and closed before the next is made, so memory holds one part at a time.
 */
public final class PageRangeExtractor {

    private PageRangeExtractor() {}

    /**
     * @param firstPage 1-based, inclusive
     * @param lastPage  1-based, inclusive
     */
    public static void extract(PDDocument source, int firstPage, int lastPage, Path target) {
        Splitter splitter = new Splitter();
        splitter.setStartPage(firstPage);
        splitter.setEndPage(lastPage);
        splitter.setSplitAtPage(lastPage - firstPage + 1);
        splitter.setStreamCacheCreateFunction(IOUtils.createTempFileOnlyStreamCache());
        List<PDDocument> parts;
        try {
            parts = splitter.split(source);
        } catch (IOException | RuntimeException e) {
            throw new DocumentRejectedException(FailureReason.CORRUPT,
                    "cannot copy pages %d-%d: %s".formatted(firstPage, lastPage, e), e);
        }
        try {
            if (parts.size() != 1) {
                throw new DocumentRejectedException(FailureReason.CORRUPT,
                        "pages %d-%d split into %d parts".formatted(firstPage, lastPage, parts.size()));
            }
            parts.getFirst().save(target.toFile());
        } catch (FileSystemException e) {
            throw new UncheckedIOException(e); // our disk, not the document: retry
        } catch (IOException | RuntimeException e) {
            // Saving reads the source's streams; a damaged one fails here.
            throw new DocumentRejectedException(FailureReason.CORRUPT,
                    "cannot write pages %d-%d: %s".formatted(firstPage, lastPage, e), e);
        } finally {
            for (PDDocument part : parts) {
                IOUtils.closeQuietly(part);
            }
        }
    }
}
