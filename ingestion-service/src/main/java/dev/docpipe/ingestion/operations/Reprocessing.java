package dev.docpipe.ingestion.operations;

import dev.docpipe.contracts.DocumentIngested;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.AuditEvent;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.audit.Outcome;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.core.messaging.PipelineMessenger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends failed documents through the pipeline again, from the start, with their batch's
 * options: the ledger reopens each (FAILED to PENDING, the batch's counters given back), then
 * the document is ingested again. Safe while the batch runs and idempotent: only a FAILED
 * document reopens, so a second request for it finds it in flight and changes nothing; if the
 * send is lost after the reopen, reconciliation finds the document PENDING and sends it.
 */
@Service
class Reprocessing {

    enum Result { REQUEUED, IN_FLIGHT, COMPLETED, NOT_FOUND }

    private final DocumentLedger ledger;
    private final PipelineMessenger messenger;
    private final AuditRecorder audit;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    Reprocessing(DocumentLedger ledger, PipelineMessenger messenger, AuditRecorder audit, JdbcClient jdbc, JsonMapper json) {
        this.ledger = ledger;
        this.messenger = messenger;
        this.audit = audit;
        this.jdbc = jdbc;
        this.json = json;
    }

    Result document(UUID documentId) {
        Optional<String> before = jdbc.sql("SELECT concat_ws(' ', status, failure_reason, failure_stage) FROM document WHERE id = :id")
                .param("id", documentId)
                .query(String.class)
                .optional();
        if (before.isEmpty()) {
            return Result.NOT_FOUND;
        }
        Optional<DocumentLedger.Reopened> reopened = ledger.reopen(documentId);
        if (reopened.isEmpty()) {
            return before.get().startsWith("COMPLETED") ? Result.COMPLETED : Result.IN_FLIGHT;
        }
        DocumentLedger.Reopened document = reopened.get();
        ProcessingOptions options = json.readValue(document.options(), ProcessingOptions.class);
        messenger.send(PipelineQueue.INGEST, new DocumentIngested(document.batchId(), documentId, document.bucket(),
                document.objectKey(), document.sizeBytes(), options));
        audit.record(new AuditEvent(document.batchId(), documentId, 0, Stage.INGESTION, Outcome.REQUEUED, 1, Duration.ZERO,
                "reprocessing requested; was " + before.get(), Instant.now()));
        return Result.REQUEUED;
    }

    /** @return how many of the batch's failed documents were sent again, or empty for an unknown batch */
    Optional<Integer> failedOf(UUID batchId) {
        if (jdbc.sql("SELECT count(*) FROM batch WHERE id = :id").param("id", batchId).query(Integer.class).single() == 0) {
            return Optional.empty();
        }
        List<UUID> failed = jdbc.sql("SELECT id FROM document WHERE batch_id = :id AND status = 'FAILED' ORDER BY id")
                .param("id", batchId)
                .query(UUID.class)
                .list();
        int requeued = 0;
        for (UUID document : failed) {
            if (document(document) == Result.REQUEUED) {
                requeued++;
            }
        }
        return Optional.of(requeued);
    }
}
