package dev.docpipe.ingestion.realtime;

import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.ContentSniffer;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.core.storage.ObjectStore;
import dev.docpipe.ingestion.batch.IngestionProperties;
import dev.docpipe.ingestion.rolling.RollingBatches;
import dev.docpipe.ingestion.rolling.RollingSource;
import dev.docpipe.ingestion.rolling.RollingSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * An upload becomes a document: its bytes are judged (never its name or declared type), stored in
 * S3 under a key of its own, and recorded in the rolling "realtime" batch of its options, which
 * sends it into the pipeline like any other document.
 */
@Service
class Uploads {

    static final String SOURCE_NAME = "realtime";
    private static final int MAX_NAME = 100;

    private final ObjectStore store;
    private final RollingBatches batches;
    private final RollingSource source;

    Uploads(ObjectStore store, RollingBatches batches, RollingSources rollingSources, RealtimeProperties properties,
            IngestionProperties ingestion) {
        this.store = store;
        this.batches = batches;
        String bucket = properties.bucket() == null || properties.bucket().isBlank() ? ingestion.allowedBuckets().getFirst() : properties.bucket();
        if (!ingestion.allowedBuckets().contains(bucket)) {
            throw new IllegalStateException("docpipe.ingestion.realtime.bucket '%s' is not on docpipe.ingestion.allowed-buckets".formatted(bucket));
        }
        if (properties.prefix().isEmpty() || !properties.prefix().endsWith("/") || properties.prefix().startsWith("/")
                || properties.prefix().contains("..")) {
            throw new IllegalStateException("docpipe.ingestion.realtime.prefix must be relative, end with '/' and have no '..', was '%s'"
                    .formatted(properties.prefix()));
        }
        this.source = new RollingSource(SOURCE_NAME, bucket, properties.prefix());
        rollingSources.all().stream().filter(s -> s.source().overlaps(source)).findFirst().ifPresent(s -> {
            throw new IllegalStateException("docpipe.ingestion.realtime.prefix s3://%s/%s overlaps rolling source '%s': S3 would announce every upload"
                    .formatted(bucket, source.prefix(), s.source().name()) + " as a second document");
        });
    }

    /** A stored and recorded upload. */
    record Stored(UUID batchId, UUID documentId, String bucket, String key, long sizeBytes) {}

    Stored store(MultipartFile file, ProcessingOptions options) {
        if (file.isEmpty()) {
            throw UploadRequest.badRequest("the file is empty");
        }
        Path local = store.createTempFile();
        try {
            file.transferTo(local);
            long size = Files.size(local);
            SourceKind kind = kindOf(local);
            Instant now = Instant.now();
            String key = "%s%s/%s/%s".formatted(source.prefix(), LocalDate.ofInstant(now, ZoneOffset.UTC), UUID.randomUUID(),
                    sanitised(file.getOriginalFilename()));
            store.upload(source.bucket(), key, local, contentType(kind, file.getContentType()));
            RollingBatches.Ingested ingested = batches.ingest(source, options, now, source.bucket(), key, size, "upload");
            return new Stored(ingested.batchId(), ingested.documentId(), source.bucket(), key, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(local);
            } catch (IOException e) {
                // A temp file left behind; the temp directory is the place for it.
            }
        }
    }

    private static SourceKind kindOf(Path file) {
        try {
            return ContentSniffer.sniff(file);
        } catch (DocumentRejectedException e) {
            throw UploadRequest.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "the file is neither a PDF nor a PNG, JPEG or TIFF image (judged by its bytes, not its name)");
        }
    }

    private static String contentType(SourceKind kind, String declared) {
        if (kind == SourceKind.PDF) {
            return "application/pdf";
        }
        return declared != null && declared.matches("image/(png|jpeg|tiff)") ? declared : "application/octet-stream";
    }

    /**
     * The last segment of a client's file name, reduced to characters safe in any S3 tool and
     * shell: letters, digits, dot, dash and underscore. Only the end of the key; never a path.
     */
    static String sanitised(String original) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        if (name.length() > MAX_NAME) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, MAX_NAME - extension.length()) + extension;
        }
        return name.isEmpty() ? "upload" : name;
    }
}
