package dev.docpipe.ingestion.control;

import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.AuditEvent;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.audit.Outcome;
import dev.docpipe.core.control.BatchGate;
import dev.docpipe.core.control.ParkedMessages;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.ingestion.batch.ListingResumer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Pause, resume and cancel. Pausing stops new work within the listeners' hold refresh (2 s by
 * default): every stage parks the batch's messages in PostgreSQL instead of working on them, and
 * the listing stops at its next page (it goes on from its cursor on resume). Work already started finishes. Resuming sends the parked messages back.
 * Cancelling ends every outstanding document CANCELLED and drops the batch's later messages.
 * Every change is audited.
 */
@Service
public class BatchControl {

    private final JdbcClient jdbc;
    private final DocumentLedger ledger;
    private final BatchGate gate;
    private final ParkedMessages parked;
    private final PipelineMessenger messenger;
    private final AuditRecorder audit;
    private final ListingResumer listings;

    BatchControl(JdbcClient jdbc, DocumentLedger ledger, BatchGate gate, ParkedMessages parked, PipelineMessenger messenger,
            AuditRecorder audit, ListingResumer listings) {
        this.listings = listings;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.gate = gate;
        this.parked = parked;
        this.messenger = messenger;
        this.audit = audit;
    }

    public Changed pause(UUID batchId) {
        int moved = jdbc.sql("""
                        UPDATE batch SET status = 'PAUSED', paused_at = now()
                         WHERE id = :id AND status IN ('LISTING', 'RUNNING')""")
                .param("id", batchId)
                .update();
        requireMoved(batchId, moved, "paused", "LISTING or RUNNING");
        gate.invalidate();
        record(batchId, "batch paused");
        return new Changed(batchId, "PAUSED", 0, 0);
    }

    public Changed resume(UUID batchId) {
        String status = jdbc.sql("""
                        UPDATE batch SET status = CASE WHEN listing_complete THEN 'RUNNING' ELSE 'LISTING' END, paused_at = NULL,
                               listing_lease_until = CASE WHEN listing_complete THEN listing_lease_until ELSE now() END
                         WHERE id = :id AND status = 'PAUSED' RETURNING status""")
                .param("id", batchId)
                .query(String.class)
                .optional()
                .orElse(null);
        requireMoved(batchId, status == null ? 0 : 1, "resumed", "PAUSED");
        gate.invalidate();
        if ("LISTING".equals(status)) {
            // Its listing stopped at the pause; it goes on from its cursor.
            listings.resumeNow();
        }
        long released = parked.release(batchId, messenger);
        ledger.completeBatchIfDone(batchId);
        record(batchId, "batch resumed: %d parked messages sent back".formatted(released));
        return new Changed(batchId, status, released, 0);
    }

    public Changed cancel(UUID batchId) {
        // Read before: cancelBatch counts what it ends in the same transaction.
        long before = cancelledCount(batchId);
        if (!ledger.cancelBatch(batchId)) {
            requireMoved(batchId, 0, "cancelled", "LISTING, RUNNING or PAUSED");
        }
        gate.invalidate();
        int dropped = parked.discard(batchId);
        long cancelled = cancelledCount(batchId) - before;
        record(batchId, "batch cancelled: %d documents cancelled, %d parked messages dropped".formatted(cancelled, dropped));
        return new Changed(batchId, "CANCELLED", dropped, cancelled);
    }

    /**
     * Sends back the parked messages of batches that are no longer paused: a listener that read
     * the batch as paused just before it resumed parks a message after the resume's release.
     */
    public long releaseStrays() {
        long released = 0;
        for (Stray stray : jdbc.sql("""
                        SELECT DISTINCT m.batch_id, b.status FROM parked_message m JOIN batch b ON b.id = m.batch_id
                         WHERE b.status <> 'PAUSED'""").query(Stray.class).list()) {
            released += "CANCELLED".equals(stray.status()) ? parked.discard(stray.batchId()) : parked.release(stray.batchId(), messenger);
        }
        return released;
    }

    private long cancelledCount(UUID batchId) {
        return jdbc.sql("SELECT cancelled_count FROM batch WHERE id = :id").param("id", batchId).query(Long.class).optional().orElse(0L);
    }

    private void requireMoved(UUID batchId, int moved, String verb, String from) {
        if (moved == 1) {
            return;
        }
        Optional<String> status = jdbc.sql("SELECT status FROM batch WHERE id = :id").param("id", batchId).query(String.class).optional();
        if (status.isEmpty()) {
            throw new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no batch " + batchId), null);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "batch %s is %s; only a %s batch can be %s".formatted(batchId, status.get(), from, verb));
        problem.setTitle("Batch not in a state for this");
        throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }

    private void record(UUID batchId, String detail) {
        audit.record(new AuditEvent(batchId, null, 0, Stage.INGESTION, Outcome.SUCCEEDED, 1, Duration.ZERO, detail, Instant.now()));
    }

    /**
     * @param messages  parked messages sent back (resume) or dropped (cancel)
     * @param documents documents cancelled
     */
    public record Changed(UUID id, String status, long messages, long documents) {}

    record Stray(UUID batchId, String status) {}
}
