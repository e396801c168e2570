package dev.docpipe.ingestion.rolling;

import dev.docpipe.contracts.ObjectsCreated;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.AuditEvent;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.audit.Outcome;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.ingestion.batch.IngestionProperties;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Turns one S3 notification into documents of rolling batches. Every record is judged on its own:
 * an object in a bucket off the allowlist, under no configured prefix, a folder marker or an empty
 * object is skipped with a log line and a SKIPPED audit row; S3's test event is acknowledged and
 * ignored. A failure to record (the database is down) fails the whole message, which is retried:
 * the records already added are found again, not added twice.
 */
@Service
class ObjectCreatedIngest {

    private static final Logger log = LoggerFactory.getLogger(ObjectCreatedIngest.class);
    private static final String ORIGIN = "S3 notification";

    private final RollingSources sources;
    private final RollingBatches batches;
    private final IngestionProperties ingestion;
    private final AuditRecorder audit;

    ObjectCreatedIngest(RollingSources sources, RollingBatches batches, IngestionProperties ingestion, AuditRecorder audit) {
        this.sources = sources;
        this.batches = batches;
        this.ingestion = ingestion;
        this.audit = audit;
    }

    void handle(ObjectsCreated notification) {
        if (notification.isTestEvent()) {
            skip("S3 test event for bucket '%s': the notification reaches this queue; nothing to ingest".formatted(notification.bucket()));
            return;
        }
        if (notification.records().isEmpty()) {
            skip("a notification without records");
            return;
        }
        int added = 0;
        int skipped = 0;
        for (S3EventNotification.Record record : notification.records()) {
            Optional<RollingBatches.Ingested> ingested = ingest(record);
            if (ingested.isEmpty()) {
                skipped++;
            } else if (ingested.get().added()) {
                added++;
            }
        }
        StageContext.note("%d record(s): %d added, %d skipped".formatted(notification.records().size(), added, skipped));
    }

    private Optional<RollingBatches.Ingested> ingest(S3EventNotification.Record record) {
        if (record.s3() == null || record.s3().bucket() == null || record.s3().object() == null || record.s3().object().key() == null) {
            skip("a record without a bucket or key: " + record);
            return Optional.empty();
        }
        String bucket = record.s3().bucket().name();
        String key;
        try {
            key = ObjectsCreated.decodedKey(record);
        } catch (IllegalArgumentException e) {
            skip("s3://%s/%s: the key is not URL-encoded as S3 encodes it".formatted(bucket, record.s3().object().key()));
            return Optional.empty();
        }
        String object = "s3://%s/%s".formatted(bucket, key);
        long size = record.s3().object().size();
        if (record.eventName() == null || !record.eventName().startsWith("ObjectCreated:")) {
            skip("%s: event %s is no object creation".formatted(object, record.eventName()));
            return Optional.empty();
        }
        if (!ingestion.allowedBuckets().contains(bucket)) {
            skip(object + ": the bucket is not on the allowlist");
            return Optional.empty();
        }
        if (key.endsWith("/")) {
            skip(object + ": a folder marker");
            return Optional.empty();
        }
        Optional<RollingSources.Configured> source = sources.find(bucket, key);
        if (source.isEmpty()) {
            skip(object + ": under no configured rolling source prefix");
            return Optional.empty();
        }
        if (size <= 0) {
            skip(object + ": zero bytes");
            return Optional.empty();
        }
        return Optional.of(batches.ingest(source.get().source(), source.get().options(), createdAt(record), bucket, key, size, ORIGIN));
    }

    private static Instant createdAt(S3EventNotification.Record record) {
        try {
            return record.eventTime() == null ? Instant.now() : Instant.parse(record.eventTime());
        } catch (DateTimeException e) {
            return Instant.now();
        }
    }

    private void skip(String detail) {
        // Keys may hold any character: none of them may start a forged log line.
        log.info("Skipped: {}", detail.replaceAll("\\p{Cntrl}", "?"));
        audit.record(new AuditEvent(null, null, 0, Stage.INGESTION, Outcome.SKIPPED, 1, Duration.ZERO, detail, Instant.now()));
    }
}
