package dev.docpipe.large.split;

import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.contracts.SplitDocument;
import dev.docpipe.core.isolation.DocumentSplitter;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.core.storage.LocalCopy;
import dev.docpipe.core.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Splits a large document into chunks of at most N pages: the source streamed to a temp file,
 * split inside the document sandbox, each chunk uploaded. Chunk keys are deterministic, so a
 * redelivery overwrites the same objects.
 */
@Service
class ChunkSplitter {

    private final ObjectStore store;
    private final DocumentSplitter splitter;
    private final PipelineMessenger messenger;
    private final ChunkingProperties chunking;

    ChunkSplitter(ObjectStore store, DocumentSplitter splitter, PipelineMessenger messenger, ChunkingProperties chunking) {
        this.store = store;
        this.splitter = splitter;
        this.messenger = messenger;
        this.chunking = chunking;
    }

    void split(SplitDocument doc) {
        int size = chunking.pagesPerChunk();
        List<DocumentSplitter.Part> parts = new ArrayList<>();
        List<SplitChunk> chunks = new ArrayList<>();
        for (int first = 1; first <= doc.pageCount(); first += size) {
            int last = Math.min(doc.pageCount(), first + size - 1);
            String key = ObjectKeys.chunk(doc.documentId(), first, last);
            parts.add(new DocumentSplitter.Part(first, last, key));
            chunks.add(new SplitChunk(doc.batchId(), doc.documentId(), store.workBucket(), key, first, last - first + 1, doc.options()));
        }
        try (LocalCopy copy = store.download(doc.bucket(), doc.key())) {
            splitter.splitAndUpload(copy, doc.pageCount(), parts);
        }
        messenger.sendAll(PipelineQueue.CHUNK_SMALL, chunks);
        StageContext.note("%d chunks of <= %d pages".formatted(chunks.size(), size));
    }
}
