package dev.docpipe.ingestion.batch;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A document's id, derived from (batch, bucket, key): listing or announcing the same object
 * twice yields the same document, whichever way it arrived (a listing, an S3 notification, an
 * upload).
 */
public final class DocumentIds {

    private DocumentIds() {}

    public static UUID of(UUID batchId, String bucket, String key) {
        return UUID.nameUUIDFromBytes((batchId + "\n" + bucket + "\n" + key).getBytes(StandardCharsets.UTF_8));
    }
}
