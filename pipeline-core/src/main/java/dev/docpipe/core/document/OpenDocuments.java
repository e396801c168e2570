package dev.docpipe.core.document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.Function;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * The last few multi-page documents rendered, kept open for their next pages, so a document whose
 * pages are rendered one after another is parsed once and its fonts and images, cached by PDFBox
 * per document, serve every page. A pool of sandbox processes serves pages of several documents
 * interleaved, hence a few. A document is taken out while a page renders, never shared (PDFBox is
 * not thread-safe), and a single-page PDF, every page the pipeline converts, is closed at once.
 */
final class OpenDocuments {

    /** Enough for the documents a pool of processes interleaves. */
    private static final int KEPT = 4;

    private final SafePdfOpener opener;
    private final Function<PDDocument, PDFRenderer> renderers;
    private final Deque<OpenDocument> kept = new ArrayDeque<>();

    OpenDocuments(SafePdfOpener opener, Function<PDDocument, PDFRenderer> renderers) {
        this.opener = opener;
        this.renderers = renderers;
    }

    /** An open PDF, its renderer and its page count. */
    record OpenDocument(Path file, long size, FileTime modified, PDDocument pdf, PDFRenderer renderer, int pages) {
        void close() {
            try {
                pdf.close();
            } catch (IOException ignored) {
                // nothing was written to it; the file stays as it was
            }
        }
    }

    /** The document kept from an earlier page if it is this same file, unchanged; otherwise opened now. */
    OpenDocument take(Path file, long size) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        synchronized (kept) {
            for (Iterator<OpenDocument> documents = kept.iterator(); documents.hasNext(); ) {
                OpenDocument document = documents.next();
                if (document.file().equals(file)) {
                    documents.remove();
                    if (document.size() == size && document.modified().equals(modified)) {
                        return document;
                    }
                    document.close();
                }
            }
        }
        PDDocument pdf = opener.open(file, size);
        try {
            return new OpenDocument(file, size, modified, pdf, renderers.apply(pdf), opener.countPages(pdf));
        } catch (RuntimeException e) {
            pdf.close();
            throw e;
        }
    }

    /** Keeps a multi-page document for its next page, closing the least recently used beyond a few. */
    void giveBack(OpenDocument document) {
        if (document.pages() == 1) {
            document.close();
            return;
        }
        synchronized (kept) {
            kept.addFirst(document);
            while (kept.size() > KEPT) {
                kept.removeLast().close();
            }
        }
    }
}
