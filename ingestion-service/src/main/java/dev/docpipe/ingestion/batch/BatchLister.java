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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists a batch's prefixes and feeds the pipeline, streaming: one page of keys at a time is
 * recorded (document rows, the batch's count and the listing cursor in one statement) and only
 * then enqueued, so a document can never finish before it is counted, and memory does not grow
 * with the prefix. Document ids derive from (batch, bucket, key): listing the same object twice
 * yields one document.
 *
 * <p>A listing is resumable. The task listing a batch holds a lease on it, renewed with every
 * page; a task that dies mid-listing leaves the cursor of its last recorded page, and once the
 * lease runs out {@link ListingResumer} (on any ingestion task) lists on from there. The first
 * page after a resume is that last recorded page again: its rows already exist and count nothing,
 * and its documents still PENDING are sent again, in case the task died before sending them; a
 * document the orchestrator already took is not.
 *
 * <p>A batch paused or cancelled mid-listing stops being LISTING, so its next page is refused
 * like a lost lease and the listing stops there. Resuming makes it LISTING again with its lease
 * run out, and it lists on from its cursor; a cancelled one never does.
 */
@Component
class BatchLister implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BatchLister.class);

    private final ObjectStore store;
    private final PipelineMessenger messenger;
    private final DocumentLedger ledger;
    private final AuditRecorder audit;
    private final ListingRecords records;
    private final ListingProperties properties;
    /** This task, as the holder of listing leases. */
    private final String owner = "ingestion-" + UUID.randomUUID();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("batch-lister-", 0).factory());
    /** Between recording a page and sending it: where a test stops a listing as a crash would. */
    volatile Consumer<ListingCursor> afterRecord = cursor -> {};

    BatchLister(ObjectStore store, PipelineMessenger messenger, DocumentLedger ledger, AuditRecorder audit,
            ListingRecords records, ListingProperties properties) {
        this.store = store;
        this.messenger = messenger;
        this.ledger = ledger;
        this.audit = audit;
        this.records = records;
        this.properties = properties;
    }

    void listAsync(UUID batchId, String bucket, List<String> prefixes, ProcessingOptions options) {
        executor.submit(() -> list(batchId, bucket, prefixes, options));
    }

    /** Lists the batch from where it stands, unless another task holds it. */
    void list(UUID batchId, String bucket, List<String> prefixes, ProcessingOptions options) {
        ListingCursor cursor = records.claim(batchId, owner, properties.lease()).orElse(null);
        if (cursor == null) {
            log.debug("Batch {} is not listing, or another task lists it", batchId);
            return;
        }
        FileNameMetadata metadata = records.metadataPattern(batchId).map(FileNameMetadata::compile).orElse(null);
        long start = System.nanoTime();
        ListingTimes times = new ListingTimes();
        try {
            long listed = 0;
            boolean repeat = cursor.repeat();
            for (int p = cursor.prefix(); p < prefixes.size(); p++) {
                String after = p == cursor.prefix() ? cursor.after() : null;
                Iterator<S3Object> objects = store.list(bucket, prefixes.get(p), after).filter(o -> !o.key().endsWith("/")).iterator();
                List<DocumentIngested> page = new ArrayList<>(properties.pageSize());
                while (times.listing(objects::hasNext)) {
                    S3Object o = objects.next();
                    page.add(new DocumentIngested(batchId, documentId(batchId, bucket, o.key()), bucket, o.key(), o.size(), options));
                    if (page.size() == properties.pageSize() || !times.listing(objects::hasNext)) {
                        listed += enqueue(batchId, new ListingCursor(p, after, repeat), page, metadata, times);
                        repeat = false;
                        after = page.getLast().key();
                        page = new ArrayList<>(properties.pageSize());
                    }
                }
            }
            if (!records.finish(batchId, owner)) {
                throw new ListingLeaseLostException(batchId);
            }
            ledger.completeBatchIfDone(batchId);
            log.info("Batch {} listed: {} documents in {} ms ({})", batchId, listed, Duration.ofNanos(System.nanoTime() - start).toMillis(), times);
        } catch (ListingInterruptedException e) {
            records.release(batchId, owner);
            log.info("Listing batch {} stopped; another task (or this one, restarted) resumes it", batchId);
        } catch (ListingLeaseLostException e) {
            log.info("Stopped listing batch {} (paused, cancelled, or taken over): {}", batchId, e.getMessage());
        } catch (AwsServiceException e) {
            if (e.statusCode() >= 400 && e.statusCode() < 500 && !e.isThrottlingException()) {
                // The bucket or prefix itself is refused (no such bucket, access denied): retrying cannot help.
                log.error("Listing batch {} refused by S3", batchId, e);
                records.fail(batchId, "listing failed: " + e.getMessage());
            } else {
                log.warn("Listing batch {} failed; it resumes once its lease has run out", batchId, e);
            }
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                records.release(batchId, owner);
                log.info("Listing batch {} stopped; another task (or this one, restarted) resumes it", batchId);
            } else {
                log.warn("Listing batch {} failed; it resumes once its lease has run out", batchId, e);
            }
        }
    }

    /** Records a page, then sends what needs sending: @return the documents this page added. */
    private int enqueue(UUID batchId, ListingCursor cursor, List<DocumentIngested> page, FileNameMetadata metadata, ListingTimes times) {
        stopIfInterrupted();
        Set<UUID> added = times.recording(() -> records.recordPage(batchId, owner, cursor, page, metadata, properties.lease()));
        afterRecord.accept(cursor);
        stopIfInterrupted();
        Set<UUID> toSend = cursor.repeat() ? records.pending(page.stream().map(DocumentIngested::documentId).toList()) : added;
        times.sending(() -> messenger.sendAll(PipelineQueue.INGEST, page.stream().filter(d -> toSend.contains(d.documentId())).toList()));
        Instant now = Instant.now();
        for (DocumentIngested d : page) {
            if (added.contains(d.documentId()) || toSend.contains(d.documentId())) {
                audit.record(new AuditEvent(batchId, d.documentId(), 0, Stage.INGESTION, Outcome.SUCCEEDED, 1, Duration.ZERO,
                        "listed s3://%s/%s (%d bytes)%s".formatted(d.bucket(), d.key(), d.sizeBytes(),
                                added.contains(d.documentId()) ? "" : ", sent again by a resumed listing"), now));
            }
        }
        return added.size();
    }

    private static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new ListingInterruptedException();
        }
    }

    static UUID documentId(UUID batchId, String bucket, String key) {
        return DocumentIds.of(batchId, bucket, key);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    /** The task is stopping (its thread interrupted): the listing is left to be resumed. */
    private static final class ListingInterruptedException extends RuntimeException {
        ListingInterruptedException() {
            super("listing interrupted", null, false, false);
        }
    }
}
