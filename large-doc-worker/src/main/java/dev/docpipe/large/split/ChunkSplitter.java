package dev.docpipe.large.split;

import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.contracts.SplitDocument;
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
 * Splits a large document into chunks: the source streamed to a temp file and opened with a
 * temp-file stream cache, each chunk written, uploaded and deleted before the next is made. Chunk
 * keys are deterministic, so a redelivery overwrites the same objects.
 */
@Service
class ChunkSplitter {

    private final ObjectStore store;
    private final SafePdfOpener opener;
    private final PartWriter parts;
    private final PipelineMessenger messenger;
    private final ChunkingProperties chunking;

    ChunkSplitter(ObjectStore store, SafePdfOpener opener, PartWriter parts, PipelineMessenger messenger,
            ChunkingProperties chunking) {
        this.store = store;
        this.opener = opener;
        this.parts = parts;
        this.messenger = messenger;
        this.chunking = chunking;
    }

    void split(SplitDocument doc) {
        int size = chunking.pagesPerChunk();
        List<SplitChunk> chunks = new ArrayList<>();
        try (LocalCopy copy = store.download(doc.bucket(), doc.key());
                PDDocument pdf = opener.openExpecting(copy.path(), copy.size(), doc.pageCount())) {
            for (int first = 1; first <= doc.pageCount(); first += size) {
                int last = Math.min(doc.pageCount(), first + size - 1);
                String key = ObjectKeys.chunk(doc.documentId(), first, last);
                parts.write(pdf, first, last, key);
                chunks.add(new SplitChunk(doc.batchId(), doc.documentId(), store.workBucket(), key, first, last - first + 1, doc.options()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        messenger.sendAll(PipelineQueue.CHUNK_SMALL, chunks);
        StageContext.note("%d chunks of <= %d pages".formatted(chunks.size(), size));
    }
}
