package dev.docpipe.core.split;

import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.isolation.DocumentSplitter;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.core.storage.LocalCopy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What both splitting workers do with a downloaded source: cut it into parts in the sandbox, and
 * as each part is stored, record its lineage and announce it to the next stage, in batches of
 * ten (one SQS call each), so the next stage starts on the first parts while the last are being
 * cut. The split is recorded as completed only once every part is stored and announced: a worker
 * stopped mid-split leaves stored parts and their rows (true facts, which the redelivery repeats
 * as no-ops), never a split counted as done.
 */
public class PartPublisher {

    private static final int BATCH = 10;

    private final DocumentSplitter splitter;
    private final SplitLineage lineage;
    private final PipelineMessenger messenger;

    public PartPublisher(DocumentSplitter splitter, SplitLineage lineage, PipelineMessenger messenger) {
        this.splitter = splitter;
        this.lineage = lineage;
        this.messenger = messenger;
    }

    /**
     * The source being split: its key, its first page in the original document, and its pages.
     */
    public record Source(UUID documentId, Stage stage, LocalCopy copy, String key, int firstPage, int pageCount) {}

    /**
     * A part to cut, numbered in the source file's own pages, and the message that announces it.
     */
    public record Planned<M>(int firstPage, int lastPage, String key, M message) {}

    /** @return how many parts were stored and announced */
    public <M> int splitAndPublish(Source source, SplitLineage.Kind kind, List<Planned<M>> planned, PipelineQueue next) {
        List<DocumentSplitter.Part> parts = new ArrayList<>(planned.size());
        for (Planned<M> p : planned) {
            parts.add(new DocumentSplitter.Part(p.firstPage(), p.lastPage(), p.key()));
        }
        int offset = source.firstPage() - 1;
        List<M> batch = new ArrayList<>(BATCH);
        int[] stored = {0};
        splitter.splitAndUpload(source.copy(), source.pageCount(), parts, (part, bytes) -> {
            Planned<M> p = planned.get(stored[0]++);
            lineage.partStored(source.documentId(), kind, offset + part.firstPage(), offset + part.lastPage(), part.key(),
                    source.key(), source.firstPage(), bytes);
            batch.add(p.message());
            if (batch.size() == BATCH) {
                messenger.sendAll(next, batch);
                batch.clear();
            }
        });
        messenger.sendAll(next, batch);
        lineage.splitCompleted(source.documentId(), source.stage(), source.firstPage(),
                offset + source.pageCount(), planned.size(), source.key());
        return stored[0];
    }
}
