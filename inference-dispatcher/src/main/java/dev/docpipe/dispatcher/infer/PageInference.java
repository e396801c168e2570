package dev.docpipe.dispatcher.infer;

import dev.docpipe.contracts.PageRef;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.core.storage.ObjectStore;
import dev.docpipe.dispatcher.backend.InferenceBackend;
import dev.docpipe.dispatcher.backend.InferenceBackends;
import dev.docpipe.dispatcher.backend.ModelOutput;
import dev.docpipe.dispatcher.backend.ModelThrottledException;
import dev.docpipe.dispatcher.backend.PageInput;
import dev.docpipe.dispatcher.features.FeatureExtractor;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Infers one converted page and records the result exactly once: the result row's natural key
 * (document, page, model) decides whether this delivery is the first, and only the first moves
 * the page, the document and the batch forward. A throttled call re-queues the page with a delay
 * instead of failing it.
 */
@Service
class PageInference {

    private final ObjectStore store;
    private final InferenceBackends backends;
    private final FeatureExtractor features;
    private final ThrottleRequeue requeue;
    private final DocumentLedger ledger;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    PageInference(ObjectStore store, InferenceBackends backends, FeatureExtractor features, ThrottleRequeue requeue,
            DocumentLedger ledger, JdbcClient jdbc, TransactionTemplate tx) {
        this.store = store;
        this.backends = backends;
        this.features = features;
        this.requeue = requeue;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * @param throttles how often this page was throttled before (the re-queued copy's count)
     */
    void infer(S3EventNotification notification, int throttles) {
        PageRef page = notification.page();
        Optional<Target> target = target(page.documentId(), page.pageNumber());
        if (target.isEmpty()) {
            StageContext.duplicate("document terminal or result already recorded");
            return;
        }
        StageContext.batch(target.get().batchId());
        String model = target.get().model();
        InferenceBackend backend = backends.forBatch(target.get().backend());
        ModelOutput output;
        try {
            output = backend.infer(new PageInput(model, page, () -> store.read(page.bucket(), page.key())));
        } catch (ModelThrottledException e) {
            requeue.later(notification, throttles, e);
            return;
        }
        String extracted = features.extract(model, output.rawJson());
        boolean completed = Boolean.TRUE.equals(tx.execute(status -> record(page, model, output, extracted)));
        StageContext.note("model=%s backend=%s latency=%dms features=%s%s%s".formatted(model, output.backend(),
                output.latency().toMillis(), extracted, throttles > 0 ? " after %d throttles".formatted(throttles) : "",
                completed ? " document completed" : ""));
    }

    /** The model and backend to run, unless the document is terminal or this page already has its result. */
    private Optional<Target> target(UUID documentId, int pageNumber) {
        return jdbc.sql("""
                        SELECT b.id AS batch_id, b.options ->> 'model' AS model, b.options ->> 'backend' AS backend
                          FROM document d JOIN batch b ON b.id = d.batch_id
                         WHERE d.id = :document AND d.status = 'CLASSIFIED'
                           AND NOT EXISTS (SELECT 1 FROM inference_result r
                                            WHERE r.document_id = d.id AND r.page_number = :page
                                              AND r.model = b.options ->> 'model')""")
                .param("document", documentId)
                .param("page", pageNumber)
                .query(Target.class)
                .optional();
    }

    private boolean record(PageRef page, String model, ModelOutput output, String extracted) {
        int inserted = jdbc.sql("""
                        INSERT INTO inference_result (document_id, page_number, model, backend, raw_output, features, latency_ms)
                        VALUES (:document, :page, :model, :backend, CAST(:raw AS jsonb), CAST(:features AS jsonb), :latency)
                        ON CONFLICT DO NOTHING""")
                .param("document", page.documentId())
                .param("page", page.pageNumber())
                .param("model", model)
                .param("backend", output.backend())
                .param("raw", output.rawJson())
                .param("features", extracted)
                .param("latency", (int) output.latency().toMillis())
                .update();
        if (inserted == 0) {
            StageContext.duplicate("result recorded by a concurrent delivery");
            return false;
        }
        jdbc.sql("UPDATE page SET status = 'INFERRED', updated_at = now() WHERE document_id = :document AND page_number = :page")
                .param("document", page.documentId())
                .param("page", page.pageNumber())
                .update();
        return ledger.pageDone(page.documentId());
    }

    record Target(UUID batchId, String model, String backend) {}
}
