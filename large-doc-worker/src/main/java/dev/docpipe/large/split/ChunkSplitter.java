package dev.docpipe.large.split;

import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.contracts.SplitDocument;
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
 * Splits a large document into chunks of at most N pages in bounded memory: the source streamed
 * to a temp file, cut inside the document sandbox one chunk at a time, each chunk uploaded and
 * announced as soon as it is written. Chunk keys are deterministic, so a redelivery overwrites the
 * same objects and records no new lineage rows.
 */
@Service
class ChunkSplitter {

    private final ObjectStore store;
    private final PartPublisher publisher;
    private final ChunkingProperties chunking;

    ChunkSplitter(ObjectStore store, PartPublisher publisher, ChunkingProperties chunking) {
        this.store = store;
        this.publisher = publisher;
        this.chunking = chunking;
    }

    void split(SplitDocument doc) {
        int size = chunking.pagesPerChunk();
        List<Planned<SplitChunk>> chunks = new ArrayList<>();
        for (int first = 1; first <= doc.pageCount(); first += size) {
            int last = Math.min(doc.pageCount(), first + size - 1);
            String key = ObjectKeys.chunk(doc.documentId(), first, last);
            chunks.add(new Planned<>(first, last, key,
                    new SplitChunk(doc.batchId(), doc.documentId(), store.workBucket(), key, first, last - first + 1, doc.options())));
        }
        try (LocalCopy copy = store.download(doc.bucket(), doc.key())) {
            publisher.splitAndPublish(new PartPublisher.Source(doc.documentId(), Stage.LARGE_SPLIT, copy, doc.key(), 1, doc.pageCount()),
                    SplitLineage.Kind.CHUNK, chunks, PipelineQueue.CHUNK_SMALL);
        }
        StageContext.note("%d chunks of <= %d pages".formatted(chunks.size(), size));
    }
}
