package dev.docpipe.ingestion.rolling;

import dev.docpipe.ingestion.batch.DocumentIds;
import dev.docpipe.ingestion.batch.FileNameMetadata;

import dev.docpipe.contracts.DocumentIngested;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.AuditEvent;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.audit.Outcome;
import dev.docpipe.core.messaging.PipelineMessenger;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds documents to rolling batches as their objects arrive. A rolling batch belongs to a source,
 * the options its documents are processed with, and a time window ({@code rotation}): its id
 * derives from the three, so it is created by the first document that needs it and found again by
 * every later one, on any ingestion task. It stays RUNNING with its listing incomplete while the
 * window is open, so it cannot complete between two arrivals; {@link RollingBatchCloser} ends the
 * listing once the window is over.
 *
 * <p>Idempotent: the document id derives from (batch, bucket, key) as for a listed batch, and the
 * batch from the object's creation time, so a redelivered notification finds the same row and
 * changes no counter.
 */
@Component
public class RollingBatches {

    /**
     * @param added whether this call recorded the document; false for one recorded before
     */
    public record Ingested(UUID batchId, UUID documentId, boolean added) {}

    private sealed interface Attempt {}

    private record Recorded(UUID documentId, boolean added, String status) implements Attempt {}

    private record Cancelled() implements Attempt {}

    record Window(boolean closed, String status) {}

    private record WindowClosed() implements Attempt {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PipelineMessenger messenger;
    private final AuditRecorder audit;
    private final JsonMapper json;
    private final Duration rotation;

    RollingBatches(JdbcClient jdbc, TransactionTemplate tx, PipelineMessenger messenger, AuditRecorder audit, JsonMapper json,
            RollingProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.messenger = messenger;
        this.audit = audit;
        this.json = json;
        this.rotation = properties.rotation();
    }

    /**
     * Records an object as a document of its source's rolling batch and sends it into the
     * pipeline. Kept to one method, in the shape of the batch lister's (the document row and the
     * batch's count in one transaction, then the message, then the audit row), so the two can
     * become one.
     *
     * @param createdAt when the object was created; picks the window, so a redelivery picks the same
     * @param origin    how the object arrived, for the audit trail ("S3 notification", "upload")
     */
    public Ingested ingest(RollingSource source, ProcessingOptions options, Instant createdAt, String bucket, String key, long sizeBytes,
            String origin) {
        UUID batchId = batchId(source, options, windowStart(createdAt));
        Attempt attempt = record(batchId, source, options, windowStart(createdAt), bucket, key, sizeBytes);
        if (attempt instanceof WindowClosed) {
            // A notification later than the closed window's grace: either a redelivery of an object
            // that window already holds, or an object first seen now, which joins the open window.
            Optional<String> earlier = statusOf(documentId(batchId, bucket, key));
            if (earlier.isPresent()) {
                attempt = new Recorded(documentId(batchId, bucket, key), false, earlier.get());
            } else {
                Instant now = Instant.now();
                batchId = batchId(source, options, windowStart(now));
                attempt = record(batchId, source, options, windowStart(now), bucket, key, sizeBytes);
                if (attempt instanceof WindowClosed) {
                    throw new IllegalStateException("the current window of rolling source '%s' is closed already".formatted(source.name()));
                }
            }
        }
        if (attempt instanceof Cancelled) {
            // A cancelled rolling batch takes nothing more; the object is passed over, audited.
            UUID documentId = documentId(batchId, bucket, key);
            audit.record(new AuditEvent(batchId, documentId, 0, Stage.INGESTION, Outcome.SKIPPED, 1, Duration.ZERO,
                    "%s: s3://%s/%s not added: the rolling batch of '%s' was cancelled".formatted(origin, bucket, key, source.name()),
                    Instant.now()));
            return new Ingested(batchId, documentId, false);
        }
        Recorded recorded = (Recorded) attempt;
        // A document still PENDING may have been recorded by a delivery that failed before sending it.
        if (recorded.added() || "PENDING".equals(recorded.status())) {
            messenger.send(PipelineQueue.INGEST, new DocumentIngested(batchId, recorded.documentId(), bucket, key, sizeBytes, options));
        }
        audit.record(new AuditEvent(batchId, recorded.documentId(), 0, Stage.INGESTION,
                recorded.added() ? Outcome.SUCCEEDED : Outcome.DUPLICATE, 1, Duration.ZERO,
                "%s: s3://%s/%s (%d bytes) %s rolling batch of '%s'".formatted(origin, bucket, key, sizeBytes,
                        recorded.added() ? "added to the" : "already in the", source.name()),
                Instant.now()));
        return new Ingested(batchId, recorded.documentId(), recorded.added());
    }

    private Attempt record(UUID batchId, RollingSource source, ProcessingOptions options, Instant windowStart, String bucket, String key,
            long sizeBytes) {
        return tx.execute(status -> {
            jdbc.sql("""
                            INSERT INTO batch (id, status, source_bucket, prefixes, options, rolling_source, rolling_until, metadata_pattern)
                            VALUES (:id, 'RUNNING', :bucket, :prefixes, CAST(:options AS jsonb), :source, :until, :pattern)
                            ON CONFLICT (id) DO NOTHING""")
                    .param("pattern", source.fileNamePattern())
                    .param("id", batchId)
                    .param("bucket", source.bucket())
                    .param("prefixes", new String[] {source.prefix()})
                    .param("options", json.writeValueAsString(options))
                    .param("source", source.name())
                    .param("until", Timestamp.from(windowStart.plus(rotation)))
                    .update();
            // The row lock orders this insert against the closer: a window closes between documents, never under one.
            Window window = jdbc.sql("SELECT listing_complete AS closed, status FROM batch WHERE id = :id FOR UPDATE")
                    .param("id", batchId)
                    .query(Window.class)
                    .single();
            if ("CANCELLED".equals(window.status())) {
                return new Cancelled();
            }
            if (window.closed()) {
                return new WindowClosed();
            }
            UUID documentId = documentId(batchId, bucket, key);
            int inserted = jdbc.sql("""
                            INSERT INTO document (id, batch_id, bucket, object_key, size_bytes, status, metadata)
                            VALUES (:id, :batch, :bucket, :key, :size, 'PENDING', CAST(:metadata AS jsonb)) ON CONFLICT DO NOTHING""")
                    .param("metadata", FileNameMetadata.of(source.fileNamePattern()).map(m -> m.dimensionsOf(key))
                            .filter(values -> !values.isEmpty()).map(json::writeValueAsString).orElse(null))
                    .param("id", documentId)
                    .param("batch", batchId)
                    .param("bucket", bucket)
                    .param("key", key)
                    .param("size", sizeBytes)
                    .update();
            if (inserted == 1) {
                jdbc.sql("UPDATE batch SET document_count = document_count + 1 WHERE id = :id").param("id", batchId).update();
                return new Recorded(documentId, true, "PENDING");
            }
            return new Recorded(documentId, false, statusOf(documentId).orElseThrow());
        });
    }

    private Optional<String> statusOf(UUID documentId) {
        return jdbc.sql("SELECT status FROM document WHERE id = :id").param("id", documentId).query(String.class).optional();
    }

    /** The start of the window an instant falls in: windows are counted from the epoch, so daily ones start at 00:00 UTC. */
    Instant windowStart(Instant at) {
        long length = rotation.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), length) * length);
    }

    /** The rolling batch of a source, its options and a window: the same on every task, for every delivery. */
    UUID batchId(RollingSource source, ProcessingOptions options, Instant windowStart) {
        String identity = String.join("\n", "rolling", source.name(), source.bucket(), source.prefix(), windowStart.toString(),
                json.writeValueAsString(options));
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8));
    }

    /** As a listed batch's documents: from (batch, bucket, key). */
    static UUID documentId(UUID batchId, String bucket, String key) {
        return DocumentIds.of(batchId, bucket, key);
    }
}
