package dev.docpipe.failsafe.reconcile;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.DocumentClass;
import dev.docpipe.contracts.DocumentIngested;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.contracts.SplitDocument;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.AuditEvent;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.audit.Outcome;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.core.messaging.QueueNames;
import dev.docpipe.core.schedule.PeriodicTask;
import dev.docpipe.core.storage.StorageProperties;
import dev.docpipe.failsafe.FailsafeProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reconciliation: finds documents in flight that stopped moving (a message lost, or dropped
 * between a state change and its send) and sends each the message of the stage it is in.
 *
 * <p>A document waiting in a long backlog looks the same as one whose message is lost, so a
 * document is re-driven only while every pipeline queue is empty, nothing waiting and nothing in
 * flight: then no message can still be on its way to it. Every stage is idempotent, so a
 * document re-driven needlessly is processed again in effect once. Claims stamp the document, so
 * two failsafe tasks never re-drive the same one in the same round.
 */
@Component
class StuckDocuments extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(StuckDocuments.class);

    record Stuck(UUID id, UUID batchId, String bucket, String objectKey, long sizeBytes, String status, String docClass,
            String sourceKind, Integer pageCount, String options) {}

    private final JdbcClient jdbc;
    private final PipelineMessenger messenger;
    private final SqsAsyncClient sqs;
    private final QueueNames queues;
    private final AuditRecorder audit;
    private final JsonMapper json;
    private final FailsafeProperties properties;
    private final String workBucket;

    StuckDocuments(JdbcClient jdbc, PipelineMessenger messenger, SqsAsyncClient sqs, QueueNames queues, AuditRecorder audit,
            JsonMapper json, FailsafeProperties properties, StorageProperties storage) {
        super("stuck-documents", properties.reconcileInterval());
        this.jdbc = jdbc;
        this.messenger = messenger;
        this.sqs = sqs;
        this.queues = queues;
        this.audit = audit;
        this.json = json;
        this.properties = properties;
        this.workBucket = storage.workBucket();
    }

    @Override
    protected void runOnce() {
        if (!pipelineIdle()) {
            return;
        }
        for (Stuck document : claim()) {
            String how = redrive(document);
            log.warn("Document {} made no progress for {} with nothing queued; re-driven: {}", document.id(),
                    properties.stuckAfter(), how);
            audit.record(new AuditEvent(document.batchId(), document.id(), 0, Stage.FAILSAFE, Outcome.REQUEUED, 1, Duration.ZERO,
                    "reconciliation: no progress for %s with every queue empty; %s".formatted(properties.stuckAfter(), how),
                    Instant.now()));
        }
    }

    /** Every source queue empty: nothing visible, delayed or in flight. */
    boolean pipelineIdle() {
        for (PipelineQueue queue : PipelineQueue.values()) {
            String url = sqs.getQueueUrl(b -> b.queueName(queues.of(queue))).join().queueUrl();
            long messages = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                    .join().attributes().values().stream().mapToLong(Long::parseLong).sum();
            if (messages > 0) {
                return false;
            }
        }
        return true;
    }

    private List<Stuck> claim() {
        return jdbc.sql("""
                        UPDATE document d SET updated_at = now()
                          FROM batch b
                         WHERE b.id = d.batch_id AND d.id IN (
                                SELECT id FROM document
                                 WHERE status IN ('PENDING', 'CLASSIFIED') AND updated_at < now() - make_interval(secs => :after)
                                 ORDER BY updated_at
                                 LIMIT :limit
                                   FOR UPDATE SKIP LOCKED)
                        RETURNING d.id, d.batch_id, d.bucket, d.object_key, d.size_bytes, d.status, d.doc_class, d.source_kind,
                                  d.page_count, b.options::text AS options""")
                .param("after", properties.stuckAfter().toMillis() / 1000.0)
                .param("limit", properties.reconcileLimit())
                .query(Stuck.class)
                .list();
    }

    /** Sends the document the message of the stage it stands in; says which. */
    private String redrive(Stuck document) {
        ProcessingOptions options = json.readValue(document.options(), ProcessingOptions.class);
        if ("PENDING".equals(document.status()) || document.docClass() == null || document.pageCount() == null) {
            messenger.send(PipelineQueue.INGEST, new DocumentIngested(document.batchId(), document.id(), document.bucket(),
                    document.objectKey(), document.sizeBytes(), options));
            return "ingested again";
        }
        List<PageAwaitingResult> converted = convertedWithoutResult(document.id());
        long pageRows = jdbc.sql("SELECT count(*) FROM page WHERE document_id = :id").param("id", document.id())
                .query(Long.class).single();
        if (pageRows < document.pageCount()) {
            switch (DocumentClass.valueOf(document.docClass())) {
                case LARGE -> messenger.send(PipelineQueue.CHUNK_LARGE, new SplitDocument(document.batchId(), document.id(),
                        document.bucket(), document.objectKey(), document.pageCount(), options));
                case SMALL -> messenger.send(PipelineQueue.CHUNK_SMALL, new SplitChunk(document.batchId(), document.id(),
                        document.bucket(), document.objectKey(), 1, document.pageCount(), options));
                case SINGLE -> messenger.send(PipelineQueue.PAGE_SINGLE, new ConvertPage(document.batchId(), document.id(), 1,
                        document.bucket(), document.objectKey(), SourceKind.valueOf(document.sourceKind()), options));
            }
            return "%d of %d pages converted; %s split or converted again".formatted(pageRows, document.pageCount(), document.docClass());
        }
        messenger.sendAll(PipelineQueue.PAGE_CONVERTED, converted.stream()
                .map(p -> S3EventNotification.objectCreated(workBucket, p.imageKey(), 0, Instant.now()))
                .toList());
        return "%d converted page(s) without a result sent to inference again".formatted(converted.size());
    }

    record PageAwaitingResult(int pageNumber, String imageKey) {}

    private List<PageAwaitingResult> convertedWithoutResult(UUID documentId) {
        return jdbc.sql("""
                        SELECT p.page_number, p.image_key FROM page p
                         WHERE p.document_id = :id AND p.status = 'CONVERTED' AND p.image_key IS NOT NULL
                           AND NOT EXISTS (SELECT 1 FROM inference_job j
                                            WHERE j.document_id = p.document_id AND j.page_number = p.page_number
                                              AND j.status = 'IN_PROGRESS')
                         ORDER BY p.page_number""")
                .param("id", documentId)
                .query(PageAwaitingResult.class)
                .list();
    }
}
