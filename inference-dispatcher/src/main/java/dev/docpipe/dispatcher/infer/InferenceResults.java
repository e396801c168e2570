package dev.docpipe.dispatcher.infer;

import dev.docpipe.contracts.PageRef;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.dispatcher.backend.ModelOutput;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a page's model output exactly once, however it arrived (a synchronous answer, a job's
 * notification, a poll): the result row's natural key (document, page, model) decides whether
 * this is the first, and only the first moves the page, the document and the batch forward.
 */
@Component
class InferenceResults {

    private final DocumentLedger ledger;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;

    InferenceResults(DocumentLedger ledger, JdbcClient jdbc, TransactionTemplate tx, MeterRegistry meters) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.tx = tx;
        this.meters = meters;
    }

    /** The outcome of recording: whether this call stored the result, and whether it completed the document. */
    record Recorded(boolean stored, boolean completedDocument) {}

    /**
     * @param annotatedKey      the annotated page image's key, or null when there is none
     * @param alsoInTransaction more work that must commit with the result, or not at all
     */
    Recorded record(PageRef page, String model, ModelOutput output, String features, String annotatedKey, Runnable alsoInTransaction) {
        Timer.builder("docpipe.inference.model.latency")
                .description("a model's answer for a page, the backend's retries included (for jobs: start to result)")
                .tag("backend", output.backend())
                .tag("model", model)
                .publishPercentileHistogram()
                .register(meters)
                .record(output.latency());
        return tx.execute(status -> {
            // The result and the page's status in one round trip: the page moves only if the result is new.
            int inserted = jdbc.sql("""
                            WITH result AS (
                                INSERT INTO inference_result (batch_id, document_id, page_number, model, backend, raw_output, features,
                                                              latency_ms, annotated_key)
                                SELECT d.batch_id, :document, :page, :model, :backend, CAST(:raw AS jsonb), CAST(:features AS jsonb),
                                       :latency, :annotated
                                  FROM document d WHERE d.id = :document
                                ON CONFLICT DO NOTHING
                                RETURNING document_id, page_number),
                            page_inferred AS (
                                UPDATE page SET status = 'INFERRED', updated_at = now()
                                  FROM result
                                 WHERE page.document_id = result.document_id AND page.page_number = result.page_number)
                            SELECT count(*) FROM result""")
                    .param("document", page.documentId())
                    .param("page", page.pageNumber())
                    .param("model", model)
                    .param("backend", output.backend())
                    .param("raw", output.rawJson())
                    .param("features", features)
                    .param("latency", (int) Math.min(Integer.MAX_VALUE, output.latency().toMillis()))
                    .param("annotated", annotatedKey)
                    .query(Integer.class)
                    .single();
            alsoInTransaction.run();
            if (inserted == 0) {
                StageContext.duplicate("result recorded by a concurrent delivery");
                return new Recorded(false, false);
            }
            return new Recorded(true, ledger.pageDone(page.documentId()));
        });
    }
}
