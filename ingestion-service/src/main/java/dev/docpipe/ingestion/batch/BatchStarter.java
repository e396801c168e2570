package dev.docpipe.ingestion.batch;

import dev.docpipe.contracts.ProcessingOptions;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starting a batch: validate the request against the allowlist, record the batch, and hand the
 * listing to the background lister. The caller gets the batch id at once; listing a prefix with
 * millions of objects happens after the response.
 */
@Service
class BatchStarter {

    private final IngestionProperties properties;
    private final BatchLister lister;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    BatchStarter(IngestionProperties properties, BatchLister lister, JdbcClient jdbc, JsonMapper json) {
        this.properties = properties;
        this.lister = lister;
        this.jdbc = jdbc;
        this.json = json;
    }

    UUID start(StartBatch request) {
        if (!properties.allowedBuckets().contains(request.bucket())) {
            throw new InvalidBatchException("bucket '%s' is not on the allowlist".formatted(request.bucket()));
        }
        if (request.prefixes().size() > properties.maxPrefixes()) {
            throw new InvalidBatchException("at most %d prefixes per batch, got %d".formatted(properties.maxPrefixes(), request.prefixes().size()));
        }
        request.prefixes().forEach(BatchStarter::checkPrefix);
        ProcessingOptions options = options(request.options());
        FileNameMetadata metadata = fileNamePattern(request.options());
        UUID batchId = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO batch (id, status, source_bucket, prefixes, options, metadata_pattern)
                        VALUES (:id, 'LISTING', :bucket, :prefixes, CAST(:options AS jsonb), :pattern)""")
                .param("id", batchId)
                .param("bucket", request.bucket())
                .param("prefixes", request.prefixes().toArray(String[]::new))
                .param("options", json.writeValueAsString(options))
                .param("pattern", metadata == null ? null : metadata.pattern())
                .update();
        lister.listAsync(batchId, request.bucket(), List.copyOf(request.prefixes()), options);
        return batchId;
    }

    private ProcessingOptions options(StartBatch.Options requested) {
        String model = requested != null && requested.model() != null ? requested.model() : properties.defaultModel();
        int dpi = requested != null && requested.dpi() != null ? requested.dpi() : properties.defaultDpi();
        // No backend named: the inference dispatcher's configured default serves the batch.
        String backend = requested != null ? requested.backend() : null;
        boolean annotate = requested != null && Boolean.TRUE.equals(requested.annotate());
        try {
            return requested == null ? new ProcessingOptions(dpi, model, backend, annotate)
                    : new ProcessingOptions(dpi, model, backend, requested.colour(), annotate, requested.quality(), requested.features());
        } catch (IllegalArgumentException e) {
            throw new InvalidBatchException(e.getMessage());
        }
    }

    private static FileNameMetadata fileNamePattern(StartBatch.Options requested) {
        try {
            return requested == null ? null : FileNameMetadata.of(requested.fileNamePattern()).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new InvalidBatchException(e.getMessage());
        }
    }

    private static void checkPrefix(String prefix) {
        // Length first: the message below quotes the prefix.
        if (prefix.length() > 1024) {
            throw new InvalidBatchException("a prefix is at most 1024 characters");
        }
        if (prefix.startsWith("/") || prefix.contains("..") || prefix.contains("\\") || prefix.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidBatchException("prefix '%s' must be relative, without '..', backslashes or control characters".formatted(prefix));
        }
    }
}
