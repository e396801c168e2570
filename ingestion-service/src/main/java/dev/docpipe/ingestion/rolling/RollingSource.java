package dev.docpipe.ingestion.rolling;

import dev.docpipe.ingestion.batch.FileNameMetadata;

/**
 * Where a rolling batch's documents come from: a named bucket and prefix.
 *
 * @param name   how the source is known in the audit trail and on its batches
 * @param bucket the bucket its objects are in
 * @param prefix the key prefix its objects are under
 * @param fileNamePattern a file-name pattern with named groups (as a batch's {@code fileNamePattern}),
 *     or null: each document's groups become its metadata
 */
public record RollingSource(String name, String bucket, String prefix, String fileNamePattern) {

    public RollingSource {
        // Checked when the configuration is read, not at the first object.
        FileNameMetadata.of(fileNamePattern);
    }

    public RollingSource(String name, String bucket, String prefix) {
        this(name, bucket, prefix, null);
    }

    public boolean covers(String bucket, String key) {
        return this.bucket.equals(bucket) && key.startsWith(prefix);
    }

    /** Whether the two sources could announce the same object: one's prefix contains the other's. */
    public boolean overlaps(RollingSource other) {
        return bucket.equals(other.bucket) && (prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix));
    }
}
