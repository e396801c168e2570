package dev.docpipe.core.ledger;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.Stage;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The document and batch state transitions every service shares. Each transition is a guarded
 * UPDATE (it only moves a document out of a non-terminal state), and the batch counters move in the
 * same transaction only when the guard matched: a duplicate delivery finds nothing to update and
 * changes no counter. That is what keeps "listed = completed + failed + in flight" exact under
 * at-least-once delivery.
 */
public class DocumentLedger {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public DocumentLedger(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Ends a document FAILED with a reason, unless it is already terminal.
     *
     * @return true if this call made the transition, false if the document was already terminal
     *     (or is unknown)
     */
    public boolean fail(UUID documentId, Stage stage, FailureReason reason, String detail) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            Optional<UUID> batch = jdbc.sql("""
                            UPDATE document
                               SET status = 'FAILED', failure_reason = :reason, failure_stage = :stage,
                                   failure_detail = :detail, updated_at = now(), completed_at = now()
                             WHERE id = :id AND status NOT IN ('COMPLETED', 'FAILED')
                         RETURNING batch_id""")
                    .param("id", documentId)
                    .param("reason", reason.name())
                    .param("stage", stage.name())
                    .param("detail", detail)
                    .query(UUID.class)
                    .optional();
            batch.ifPresent(b -> countTerminal(b, "failed_count"));
            return batch.isPresent();
        }));
    }

    /**
     * Counts one more page of the document as done, and completes the document when every page
     * is accounted for. Call it inside the transaction that recorded the page's result, and only
     * when that result was new, so a page counts once.
     *
     * @return true if the document completed with this page
     */
    public boolean pageDone(UUID documentId) {
        return Boolean.TRUE.equals(tx.execute(status -> jdbc.sql("""
                        UPDATE document SET pages_done = pages_done + 1, updated_at = now()
                         WHERE id = :id AND status = 'CLASSIFIED' AND pages_done + pages_failed < page_count
                     RETURNING batch_id, pages_done, pages_failed, page_count""")
                .param("id", documentId)
                .query(PageProgress.class)
                .optional()
                .map(progress -> completeIfAccountedFor(documentId, progress))
                .orElse(false)));
    }

    /**
     * Ends one page FAILED with its reason while the rest of its document goes on (the failsafe
     * worker's salvage). The document completes once every page is inferred or failed, and
     * fails, with this reason, when no page survived. A page already FAILED or INFERRED, or a
     * document already terminal, changes nothing.
     *
     * @return true if this call failed the page
     */
    public boolean pageFailed(UUID documentId, int pageNumber, Stage stage, FailureReason reason, String detail) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            int failed = jdbc.sql("""
                            INSERT INTO page (document_id, page_number, status, failure_reason, failure_stage, failure_detail)
                            SELECT d.id, :page, 'FAILED', :reason, :stage, :detail FROM document d
                             WHERE d.id = :id AND d.status = 'CLASSIFIED'
                            ON CONFLICT (document_id, page_number) DO UPDATE
                               SET status = 'FAILED', failure_reason = excluded.failure_reason,
                                   failure_stage = excluded.failure_stage, failure_detail = excluded.failure_detail,
                                   updated_at = now()
                             WHERE page.status = 'CONVERTED'""")
                    .param("id", documentId)
                    .param("page", pageNumber)
                    .param("reason", reason.name())
                    .param("stage", stage.name())
                    .param("detail", detail)
                    .update();
            if (failed == 0) {
                return false;
            }
            jdbc.sql("""
                            UPDATE document SET pages_failed = pages_failed + 1, updated_at = now()
                             WHERE id = :id AND status = 'CLASSIFIED' AND pages_done + pages_failed < page_count
                         RETURNING batch_id, pages_done, pages_failed, page_count""")
                    .param("id", documentId)
                    .query(PageProgress.class)
                    .optional()
                    .ifPresent(progress -> {
                        if (progress.pagesDone() == 0 && progress.pagesFailed() == progress.pageCount()) {
                            fail(documentId, stage, reason, "every page failed; the last: " + detail);
                        } else {
                            completeIfAccountedFor(documentId, progress);
                        }
                    });
            return true;
        }));
    }

    private boolean completeIfAccountedFor(UUID documentId, PageProgress progress) {
        if (progress.pagesDone() + progress.pagesFailed() < progress.pageCount()) {
            return false;
        }
        int completed = jdbc.sql("""
                        UPDATE document SET status = 'COMPLETED', completed_at = now(), updated_at = now(),
                               failure_detail = CASE WHEN pages_failed > 0
                                                     THEN pages_failed || ' of ' || page_count || ' pages failed' END
                         WHERE id = :id AND status = 'CLASSIFIED'""")
                .param("id", documentId)
                .update();
        if (completed == 1) {
            countTerminal(progress.batchId(), "completed_count");
        }
        return completed == 1;
    }

    /**
     * Sends a document back to the start: a FAILED one, or a COMPLETED one with failed pages. It
     * becomes PENDING with its pages, results, jobs and split lineage cleared (the audit trail keeps their
     * history), the batch's counter gives it back, and a completed batch runs again. Only such a
     * document moves, and the row is locked while it does, so two requests (or a request racing
     * a late transition) reopen it once.
     *
     * @return what is needed to ingest it again, or empty when it was not reopenable
     */
    public Optional<Reopened> reopen(UUID documentId) {
        return tx.execute(status -> {
            Optional<String> counter = jdbc.sql("""
                            SELECT CASE WHEN status = 'FAILED' THEN 'failed_count' ELSE 'completed_count' END FROM document
                             WHERE id = :id AND (status = 'FAILED' OR (status = 'COMPLETED' AND pages_failed > 0))
                               FOR UPDATE""")
                    .param("id", documentId)
                    .query(String.class)
                    .optional();
            if (counter.isEmpty()) {
                return Optional.<Reopened>empty();
            }
            Reopened reopened = jdbc.sql("""
                            UPDATE document d
                               SET status = 'PENDING', failure_reason = NULL, failure_stage = NULL, failure_detail = NULL,
                                   pages_done = 0, pages_failed = 0, page_count = NULL, doc_class = NULL, source_kind = NULL,
                                   completed_at = NULL, updated_at = now()
                              FROM batch b
                             WHERE d.id = :id AND b.id = d.batch_id
                         RETURNING d.batch_id, d.id AS document_id, d.bucket, d.object_key, d.size_bytes, b.options::text AS options""")
                    .param("id", documentId)
                    .query(Reopened.class)
                    .single();
            // Results are partitioned by batch: naming it reads one partition, not every batch's.
            jdbc.sql("DELETE FROM inference_result WHERE batch_id = :batch AND document_id = :id")
                    .param("batch", reopened.batchId())
                    .param("id", documentId)
                    .update();
            for (String table : List.of("inference_job", "page", "split_part", "split_completed")) {
                // Table names are the constants above, never input.
                jdbc.sql("DELETE FROM " + table + " WHERE document_id = :id").param("id", documentId).update();
            }
            // The counter is one of two constants above, never input.
            jdbc.sql("""
                            UPDATE batch SET %1$s = %1$s - 1, completed_at = NULL,
                                   status = CASE WHEN status = 'COMPLETED' THEN 'RUNNING' ELSE status END
                             WHERE id = :id""".formatted(counter.get()))
                    .param("id", reopened.batchId())
                    .update();
            return Optional.of(reopened);
        });
    }

    /** A reopened document: its batch, its source, and its batch's options as stored (JSON). */
    public record Reopened(UUID batchId, UUID documentId, String bucket, String objectKey, long sizeBytes, String options) {}

    /**
     * Cancels a batch that has not ended: the batch becomes CANCELLED and every outstanding
     * document with it (see {@link #cancelOutstanding}).
     *
     * @return whether the batch was cancelled by this call
     */
    public boolean cancelBatch(UUID batchId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            int moved = jdbc.sql("""
                            UPDATE batch SET status = 'CANCELLED', completed_at = now(), paused_at = NULL
                             WHERE id = :id AND status IN ('LISTING', 'RUNNING', 'PAUSED')""")
                    .param("id", batchId)
                    .update();
            if (moved == 1) {
                cancelOutstanding(batchId);
            }
            return moved == 1;
        }));
    }

    /**
     * Ends a cancelled batch's outstanding documents (PENDING or CLASSIFIED) CANCELLED, counted
     * in the same statement. A document terminal already keeps its end; later messages of the
     * batch are dropped by every stage.
     *
     * @return how many documents were cancelled
     */
    public int cancelOutstanding(UUID batchId) {
        return jdbc.sql("""
                        WITH cancelled AS (
                            UPDATE document SET status = 'CANCELLED', updated_at = now(), completed_at = now(),
                                   failure_detail = 'batch cancelled'
                             WHERE batch_id = :id AND status IN ('PENDING', 'CLASSIFIED')
                               AND EXISTS (SELECT 1 FROM batch WHERE id = :id AND status = 'CANCELLED')
                         RETURNING 1)
                        UPDATE batch SET cancelled_count = cancelled_count + (SELECT count(*) FROM cancelled)
                         WHERE id = :id
                     RETURNING (SELECT count(*) FROM cancelled)""")
                .param("id", batchId)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /** Completes the batch once its listing is done and every document is terminal. */
    public boolean completeBatchIfDone(UUID batchId) {
        return jdbc.sql("""
                        UPDATE batch SET status = 'COMPLETED', completed_at = now()
                         WHERE id = :id AND status = 'RUNNING' AND listing_complete
                           AND completed_count + failed_count = document_count""")
                .param("id", batchId)
                .update() == 1;
    }

    public Optional<UUID> batchOf(UUID documentId) {
        return jdbc.sql("SELECT batch_id FROM document WHERE id = :id")
                .param("id", documentId)
                .query(UUID.class)
                .optional();
    }

    private void countTerminal(UUID batchId, String counter) {
        // The counter name is one of two constants above, never input.
        jdbc.sql("UPDATE batch SET " + counter + " = " + counter + " + 1 WHERE id = :id")
                .param("id", batchId)
                .update();
        completeBatchIfDone(batchId);
    }

    record PageProgress(UUID batchId, int pagesDone, int pagesFailed, int pageCount) {}
}
