package dev.docpipe.ingestion.batch;

import dev.docpipe.contracts.DocumentIngested;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.AuditEvent;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.audit.Outcome;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.core.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lists a batch's prefixes and feeds the pipeline, streaming: one S3 page of keys at a time is
 * recorded (document rows and the batch's count in one transaction) and only then enqueued, so a
 * document can never finish before it is counted, and memory does not grow with the prefix.
 * Document ids derive from (batch, bucket, key): listing the same object twice yields one document.
 */
@Component
class BatchLister implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BatchLister.class);
    private static final int PAGE = 1000;

    private final ObjectStore store;
    private final PipelineMessenger messenger;
    private final DocumentLedger ledger;
    private final AuditRecorder audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ListingHold hold;
    private final JsonMapper json;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("batch-lister-", 0).factory());

    BatchLister(ObjectStore store, PipelineMessenger messenger, DocumentLedger ledger, AuditRecorder audit,
            JdbcTemplate jdbc, TransactionTemplate tx, ListingHold hold, JsonMapper json) {
        this.hold = hold;
        this.json = json;
        this.store = store;
        this.messenger = messenger;
        this.ledger = ledger;
        this.audit = audit;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    void listAsync(UUID batchId, String bucket, List<String> prefixes, ProcessingOptions options, FileNameMetadata metadata) {
        executor.submit(() -> list(batchId, bucket, prefixes, options, metadata));
    }

    void list(UUID batchId, String bucket, List<String> prefixes, ProcessingOptions options) {
        list(batchId, bucket, prefixes, options, null);
    }

    void list(UUID batchId, String bucket, List<String> prefixes, ProcessingOptions options, FileNameMetadata metadata) {
        long start = System.nanoTime();
        try {
            long listed = 0;
            for (String prefix : prefixes) {
                Iterator<S3Object> objects = store.list(bucket, prefix).filter(o -> !o.key().endsWith("/")).iterator();
                List<DocumentIngested> page = new ArrayList<>(PAGE);
                while (objects.hasNext()) {
                    S3Object o = objects.next();
                    page.add(new DocumentIngested(batchId, documentId(batchId, bucket, o.key()), bucket, o.key(), o.size(), options));
                    if (page.size() == PAGE || !objects.hasNext()) {
                        if (!hold.awaitListing(batchId)) {
                            log.info("Batch {} cancelled while listing: stopped after {} documents", batchId, listed);
                            ledger.cancelOutstanding(batchId);
                            return;
                        }
                        listed += enqueue(batchId, page, metadata);
                        page.clear();
                    }
                }
            }
            // A batch paused meanwhile stays paused; resuming makes it RUNNING, its listing complete.
            jdbc.update("""
                    UPDATE batch SET listing_complete = true, listed_at = now(),
                           status = CASE WHEN status = 'LISTING' THEN 'RUNNING' ELSE status END
                     WHERE id = ? AND status IN ('LISTING', 'PAUSED')""", batchId);
            // Documents recorded while a cancel was under way end with the rest.
            ledger.cancelOutstanding(batchId);
            ledger.completeBatchIfDone(batchId);
            log.info("Batch {} listed: {} documents in {} ms", batchId, listed, Duration.ofNanos(System.nanoTime() - start).toMillis());
        } catch (RuntimeException e) {
            log.error("Listing batch {} failed", batchId, e);
            jdbc.update("UPDATE batch SET status = 'FAILED', failure_detail = ? WHERE id = ? AND status = 'LISTING'",
                    "listing failed: " + e.getMessage(), batchId);
        }
    }

    private int enqueue(UUID batchId, List<DocumentIngested> documents, FileNameMetadata metadata) {
        int inserted = record(batchId, documents, metadata);
        messenger.sendAll(PipelineQueue.INGEST, documents);
        Instant now = Instant.now();
        for (DocumentIngested d : documents) {
            audit.record(new AuditEvent(batchId, d.documentId(), 0, Stage.INGESTION, Outcome.SUCCEEDED, 1, Duration.ZERO,
                    "listed s3://%s/%s (%d bytes)".formatted(d.bucket(), d.key(), d.sizeBytes()), now));
        }
        return inserted;
    }

    private int record(UUID batchId, List<DocumentIngested> documents, FileNameMetadata metadata) {
        return tx.execute(s -> {
            int[][] counts = jdbc.batchUpdate("""
                            INSERT INTO document (id, batch_id, bucket, object_key, size_bytes, status, metadata)
                            VALUES (?, ?, ?, ?, ?, 'PENDING', CAST(? AS jsonb)) ON CONFLICT DO NOTHING""",
                    documents, documents.size(), (ps, d) -> {
                        ps.setObject(1, d.documentId(), Types.OTHER);
                        ps.setObject(2, batchId, Types.OTHER);
                        ps.setString(3, d.bucket());
                        ps.setString(4, d.key());
                        ps.setLong(5, d.sizeBytes());
                        ps.setString(6, metadataJson(metadata, d.key()));
                    });
            int inserted = Arrays.stream(counts).flatMapToInt(Arrays::stream).map(c -> Math.max(c, 0)).sum();
            jdbc.update("UPDATE batch SET document_count = document_count + ? WHERE id = ?", inserted, batchId);
            return inserted;
        });
    }

    private String metadataJson(FileNameMetadata metadata, String key) {
        if (metadata == null) {
            return null;
        }
        Map<String, String> values = metadata.dimensionsOf(key);
        return values.isEmpty() ? null : json.writeValueAsString(values);
    }

    static UUID documentId(UUID batchId, String bucket, String key) {
        return DocumentIds.of(batchId, bucket, key);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
