package dev.docpipe.small.split;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.core.document.PartWriter;
import dev.docpipe.core.document.SafePdfOpener;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.core.storage.LocalCopy;
import dev.docpipe.core.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.springframework.stereotype.Service;

/**
 * Splits a chunk (or a whole small document) into single-page PDFs under deterministic keys,
 * numbered by their page in the original document, and asks for each to be converted.
 */
@Service
class PageSplitter {

    private final ObjectStore store;
    private final SafePdfOpener opener;
    private final PartWriter parts;
    private final PipelineMessenger messenger;

    PageSplitter(ObjectStore store, SafePdfOpener opener, PartWriter parts, PipelineMessenger messenger) {
        this.store = store;
        this.opener = opener;
        this.parts = parts;
        this.messenger = messenger;
    }

    void split(SplitChunk chunk) {
        List<ConvertPage> pages = new ArrayList<>(chunk.pageCount());
        try (LocalCopy copy = store.download(chunk.bucket(), chunk.key());
                PDDocument pdf = opener.openExpecting(copy.path(), copy.size(), chunk.pageCount())) {
            for (int i = 1; i <= chunk.pageCount(); i++) {
                int pageNumber = chunk.firstPage() + i - 1;
                String key = ObjectKeys.singlePage(chunk.documentId(), pageNumber);
                parts.write(pdf, i, i, key);
                pages.add(new ConvertPage(chunk.batchId(), chunk.documentId(), pageNumber, store.workBucket(), key, SourceKind.PDF, chunk.options()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        messenger.sendAll(PipelineQueue.PAGE_SINGLE, pages);
        StageContext.note("pages %d-%d".formatted(chunk.firstPage(), chunk.firstPage() + chunk.pageCount() - 1));
    }
}
