package dev.docpipe.small.split;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.core.isolation.DocumentSplitter;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.core.storage.LocalCopy;
import dev.docpipe.core.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Splits a chunk (or a whole small document) into single-page PDFs inside the document sandbox,
 * under deterministic keys numbered by their page in the original document, and asks for each to
 * be converted.
 */
@Service
class PageSplitter {

    private final ObjectStore store;
    private final DocumentSplitter splitter;
    private final PipelineMessenger messenger;

    PageSplitter(ObjectStore store, DocumentSplitter splitter, PipelineMessenger messenger) {
        this.store = store;
        this.splitter = splitter;
        this.messenger = messenger;
    }

    void split(SplitChunk chunk) {
        List<DocumentSplitter.Part> parts = new ArrayList<>(chunk.pageCount());
        List<ConvertPage> pages = new ArrayList<>(chunk.pageCount());
        for (int i = 1; i <= chunk.pageCount(); i++) {
            int pageNumber = chunk.firstPage() + i - 1;
            String key = ObjectKeys.singlePage(chunk.documentId(), pageNumber);
            parts.add(new DocumentSplitter.Part(i, i, key));
            pages.add(new ConvertPage(chunk.batchId(), chunk.documentId(), pageNumber, store.workBucket(), key, SourceKind.PDF, chunk.options()));
        }
        try (LocalCopy copy = store.download(chunk.bucket(), chunk.key())) {
            splitter.splitAndUpload(copy, chunk.pageCount(), parts);
        }
        messenger.sendAll(PipelineQueue.PAGE_SINGLE, pages);
        StageContext.note("pages %d-%d".formatted(chunk.firstPage(), chunk.firstPage() + chunk.pageCount() - 1));
    }
}
