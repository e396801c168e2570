package dev.docpipe.failsafe.deadletter;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.DocumentScoped;
import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.core.messaging.QueueNames;
import dev.docpipe.core.messaging.StageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Resolves a dead-lettered message with RETRIES_EXHAUSTED and the stage it failed in, so the
 * batch can complete and the reason is queryable. A page's message (conversion, inference) fails
 * that page alone and the document completes with its other pages; a document's message
 * (classification, a split) fails the document. (Retrying the work with the strictest limits
 * before giving up is a later step; the decision point is here.)
 */
@Service
class DeadLetterResolution {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterResolution.class);

    private final DocumentLedger ledger;
    private final QueueNames queues;

    DeadLetterResolution(DocumentLedger ledger, QueueNames queues) {
        this.ledger = ledger;
        this.queues = queues;
    }

    void resolve(Object message, String queue) {
        Stage failedIn = queues.find(queue).map(q -> q.consumerStage()).orElse(Stage.FAILSAFE);
        if (!(message instanceof DocumentScoped scoped) || !hasDocument(scoped)) {
            // Nothing names a document: there is no state to end, only a message to report.
            log.error("Dead letter on {} names no document, dropped after logging: {}", queue, message);
            return;
        }
        String detail = "dead-lettered from %s (stage %s) after every retry failed".formatted(queue, failedIn);
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

    private static boolean hasDocument(DocumentScoped scoped) {
        try {
            return scoped.documentId() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
