package dev.docpipe.orchestrator.classify;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.DocumentClass;
import dev.docpipe.contracts.DocumentIngested;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.contracts.SplitDocument;
import dev.docpipe.core.isolation.DocumentSandbox;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.core.storage.LocalCopy;
import dev.docpipe.core.storage.ObjectStore;
import dev.docpipe.orchestrator.classify.DocumentClassifier.Classification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Inspects each ingested document once, in the document sandbox (content type, page count),
 * classifies it and sends it on. A
 * redelivered message re-sends the same routing message (every consumer is idempotent), unless
 * the document is already terminal.
 */
@Service
class DocumentRouter {

    private final ObjectStore store;
    private final DocumentSandbox sandbox;
    private final DocumentClassifier classifier;
    private final PipelineMessenger messenger;
    private final JdbcClient jdbc;

    DocumentRouter(ObjectStore store, DocumentSandbox sandbox, ClassificationProperties thresholds,
            PipelineMessenger messenger, JdbcClient jdbc) {
        this.store = store;
        this.sandbox = sandbox;
        this.classifier = new DocumentClassifier(thresholds);
        this.messenger = messenger;
        this.jdbc = jdbc;
    }

    void route(DocumentIngested doc) {
        try (LocalCopy copy = store.download(doc.bucket(), doc.key())) {
            DocumentSandbox.Inspection inspection = sandbox.inspect(copy.path(), copy.size());
            SourceKind kind = inspection.kind();
            int pages = inspection.pages();
            // An image page needs no splitting whatever its size: each goes straight to the converter
            // (a multi-page TIFF as one message per page).
            Classification c = kind == SourceKind.IMAGE
                    ? new Classification(DocumentClass.SINGLE, pages == 1 ? "image" : "image of %d pages".formatted(pages))
                    : classifier.classify(copy.size(), pages);
            if (!recordClassification(doc, kind, c.documentClass(), pages)) {
                StageContext.duplicate("document already terminal");
                return;
            }
            StageContext.note("class=%s pages=%d kind=%s because %s".formatted(c.documentClass(), pages, kind, c.because()));
            send(doc, kind, c.documentClass(), pages);
        }
    }

    /** @return false when the document is already terminal, so nothing more is to be done */
    private boolean recordClassification(DocumentIngested doc, SourceKind kind, DocumentClass c, int pages) {
        int updated = jdbc.sql("""
                        UPDATE document SET status = 'CLASSIFIED', source_kind = :kind, doc_class = :class,
                                            page_count = :pages, updated_at = now()
                         WHERE id = :id AND status IN ('PENDING', 'CLASSIFIED')""")
                .param("id", doc.documentId())
                .param("kind", kind.name())
                .param("class", c.name())
                .param("pages", pages)
                .update();
        return updated == 1;
    }

    private void send(DocumentIngested doc, SourceKind kind, DocumentClass c, int pages) {
        switch (c) {
            case LARGE -> messenger.send(PipelineQueue.CHUNK_LARGE,
                    new SplitDocument(doc.batchId(), doc.documentId(), doc.bucket(), doc.key(), pages, doc.options()));
            case SMALL -> messenger.send(PipelineQueue.CHUNK_SMALL,
                    new SplitChunk(doc.batchId(), doc.documentId(), doc.bucket(), doc.key(), 1, pages, doc.options()));
            case SINGLE -> {
                // A PDF classified SINGLE has one page; an image has as many as its TIFF holds.
                for (int page = 1; page <= (kind == SourceKind.IMAGE ? pages : 1); page++) {
                    messenger.send(PipelineQueue.PAGE_SINGLE,
                            new ConvertPage(doc.batchId(), doc.documentId(), page, doc.bucket(), doc.key(), kind, doc.options()));
                }
            }
        }
    }
}
