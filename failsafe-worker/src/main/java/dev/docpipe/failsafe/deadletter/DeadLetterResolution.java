package dev.docpipe.failsafe.deadletter;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.DocumentScoped;
import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.contracts.SplitDocument;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.conversion.PageConversion;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.core.messaging.QueueNames;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.core.split.PartPublisher;
import dev.docpipe.core.split.SplitLineage;
import dev.docpipe.core.storage.LocalCopy;
import dev.docpipe.core.storage.ObjectStore;
import dev.docpipe.failsafe.FailsafeProperties;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Resolves a dead-lettered message with RETRIES_EXHAUSTED and the stage it failed in, so the
 * batch can complete and the reason is queryable. A page's message (conversion, inference) fails
 * that page alone and the document completes with its other pages; a document's message
 * (classification) fails the document. A page whose conversion was dead-lettered is first
 * converted once more at the lowest acceptable resolution; a split that was dead-lettered is
 * broken down page by page. Only what fails even so is failed, with the reason the sandbox gave.
 */
@Service
class DeadLetterResolution {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterResolution.class);

    private final DocumentLedger ledger;
    private final QueueNames queues;
    private final PageConversion conversion;
    private final PartPublisher publisher;
    private final ObjectStore store;
    private final FailsafeProperties properties;

    DeadLetterResolution(DocumentLedger ledger, QueueNames queues, PageConversion conversion, PartPublisher publisher, ObjectStore store,
            FailsafeProperties properties) {
        this.ledger = ledger;
        this.queues = queues;
        this.conversion = conversion;
        this.publisher = publisher;
        this.store = store;
        this.properties = properties;
    }

    void resolve(Object message, String queue) {
        Stage failedIn = queues.find(queue).map(q -> q.consumerStage()).orElse(Stage.FAILSAFE);
        if (!(message instanceof DocumentScoped scoped) || !hasDocument(scoped)) {
            // Nothing names a document: there is no state to end, only a message to report.
            log.error("Dead letter on {} names no document, dropped after logging: {}", queue, message);
            return;
        }
        String detail = "dead-lettered from %s (stage %s) after every retry failed".formatted(queue, failedIn);
        if (message instanceof ConvertPage page && convertedStrictly(page)) {
            return;
        }
        if (message instanceof SplitChunk chunk) {
            splitPageByPage(chunk.batchId(), chunk.documentId(), chunk.bucket(), chunk.key(), chunk.firstPage(), chunk.pageCount(),
                    chunk.options(), Stage.SMALL_SPLIT);
            return;
        }
        if (message instanceof SplitDocument document) {
            splitPageByPage(document.batchId(), document.documentId(), document.bucket(), document.key(), 1, document.pageCount(),
                    document.options(), Stage.LARGE_SPLIT);
            return;
        }
        if (message instanceof ConvertPage || message instanceof S3EventNotification) {
            // One page's work: salvage the document, which goes on with its other pages.
            boolean failed = ledger.pageFailed(scoped.documentId(), scoped.pageNumber(), failedIn, FailureReason.RETRIES_EXHAUSTED, detail);
            StageContext.note(failed ? "page %d FAILED RETRIES_EXHAUSTED, the document goes on with its other pages: %s"
                    .formatted(scoped.pageNumber(), detail) : "page already done, failed or its document terminal; " + detail);
            return;
        }
        boolean transitioned = ledger.fail(scoped.documentId(), failedIn, FailureReason.RETRIES_EXHAUSTED, detail);
        StageContext.note(transitioned ? "FAILED RETRIES_EXHAUSTED: " + detail : "document already terminal; " + detail);
    }

    /**
     * The last try for a page whose conversion kept failing: once more, isolated as always, at the
     * lowest acceptable resolution. A page that converts goes on to inference as any other; one
     * that the sandbox refuses again fails alone with that reason.
     *
     * @return whether the page is settled (converted, or failed with its reason)
     */
    private boolean convertedStrictly(ConvertPage page) {
        int dpi = Math.min(page.options().dpi(), properties.fallbackDpi());
        ProcessingOptions o = page.options();
        ConvertPage strict = new ConvertPage(page.batchId(), page.documentId(), page.pageNumber(), page.bucket(), page.key(), page.kind(),
                new ProcessingOptions(dpi, o.model(), o.backend(), o.colour(), o.annotate()));
        try {
            conversion.convert(strict);
            StageContext.note("page %d dead-lettered from conversion; converted on the failsafe's retry at %d dpi".formatted(page.pageNumber(), dpi));
            return true;
        } catch (DocumentRejectedException e) {
            boolean failed = ledger.pageFailed(page.documentId(), page.pageNumber(), Stage.FAILSAFE, e.reason(),
                    "retried at %d dpi after every conversion failed: %s".formatted(dpi, e.getMessage()));
            StageContext.note("page %d failed again at %d dpi: %s %s%s".formatted(page.pageNumber(), dpi, e.reason(), e.getMessage(),
                    failed ? "" : " (page or document already settled)"));
            return true;
        } catch (RuntimeException e) {
            log.warn("The failsafe's retry of page {} of document {} failed: {}", page.pageNumber(), page.documentId(), e.toString());
            return false;
        }
    }

    /**
     * A split that kept failing, broken all the way down: each page cut on its own, in its own
     * sandbox task, so one page the sandbox cannot cut fails alone (with its reason) and every
     * other page goes on to conversion. A source that cannot be read at all fails the document.
     *
     * @param firstPage the document's page number of the source's first page
     */
    private void splitPageByPage(UUID batchId, UUID documentId, String bucket, String key, int firstPage, int pageCount,
            ProcessingOptions options, Stage stage) {
        int converted = 0;
        int failed = 0;
        try (LocalCopy copy = store.download(bucket, key)) {
            for (int i = 1; i <= pageCount; i++) {
                int pageNumber = firstPage + i - 1;
                String single = ObjectKeys.singlePage(documentId, pageNumber);
                var planned = new PartPublisher.Planned<>(i, i, single,
                        new ConvertPage(batchId, documentId, pageNumber, store.workBucket(), single, SourceKind.PDF, options));
                try {
                    publisher.splitAndPublish(new PartPublisher.Source(documentId, Stage.FAILSAFE, copy, key, firstPage, pageCount),
                            SplitLineage.Kind.PAGE, List.of(planned), PipelineQueue.PAGE_SINGLE);
                    converted++;
                } catch (DocumentRejectedException e) {
                    ledger.pageFailed(documentId, pageNumber, Stage.FAILSAFE, e.reason(),
                            "cut on its own after the %s kept failing: %s".formatted(stage, e.getMessage()));
                    failed++;
                }
            }
        } catch (DocumentRejectedException e) {
            boolean transitioned = ledger.fail(documentId, Stage.FAILSAFE, e.reason(), "the %s kept failing; %s".formatted(stage, e.getMessage()));
            StageContext.note((transitioned ? "FAILED " : "document already terminal; ") + e.reason() + ": " + e.getMessage());
            return;
        }
        StageContext.note("%s dead-lettered; broken down page by page: %d page(s) sent to conversion, %d failed alone"
                .formatted(stage, converted, failed));
    }

    private static boolean hasDocument(DocumentScoped scoped) {
        try {
            return scoped.documentId() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
