package dev.docpipe.small.split;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.core.split.PartPublisher;
import dev.docpipe.core.split.PartPublisher.Planned;
import dev.docpipe.core.split.SplitLineage;
import dev.docpipe.core.storage.LocalCopy;
import dev.docpipe.core.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Splits a chunk (or a whole small document) into single-page PDFs inside the document sandbox,
 * under deterministic keys numbered by their page in the original document, and asks for each to
 * be converted as soon as it is stored; each page's lineage names the chunk it was cut from.
 */
@Service
class PageSplitter {

    private final ObjectStore store;
    private final PartPublisher publisher;

    PageSplitter(ObjectStore store, PartPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    void split(SplitChunk chunk) {
        List<Planned<ConvertPage>> pages = new ArrayList<>(chunk.pageCount());
        for (int i = 1; i <= chunk.pageCount(); i++) {
            int pageNumber = chunk.firstPage() + i - 1;
            String key = ObjectKeys.singlePage(chunk.documentId(), pageNumber);
            pages.add(new Planned<>(i, i, key,
                    new ConvertPage(chunk.batchId(), chunk.documentId(), pageNumber, store.workBucket(), key, SourceKind.PDF, chunk.options())));
        }
        try (LocalCopy copy = store.download(chunk.bucket(), chunk.key())) {
            publisher.splitAndPublish(new PartPublisher.Source(chunk.documentId(), Stage.SMALL_SPLIT, copy, chunk.key(),
                    chunk.firstPage(), chunk.pageCount()), SplitLineage.Kind.PAGE, pages, PipelineQueue.PAGE_SINGLE);
        }
        StageContext.note("pages %d-%d".formatted(chunk.firstPage(), chunk.firstPage() + chunk.pageCount() - 1));
    }
}
