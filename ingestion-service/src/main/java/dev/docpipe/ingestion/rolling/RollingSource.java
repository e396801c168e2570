package dev.docpipe.ingestion.rolling;

/**
 * Where a rolling batch's documents come from: a named bucket and prefix.
 *
 * @param name   how the source is known in the audit trail and on its batches
 * @param bucket the bucket its objects are in
 * @param prefix the key prefix its objects are under
 */
public record RollingSource(String name, String bucket, String prefix) {

    public boolean covers(String bucket, String key) {
        return this.bucket.equals(bucket) && key.startsWith(prefix);
    }

    /** Whether the two sources could announce the same object: one's prefix contains the other's. */
    public boolean overlaps(RollingSource other) {
        return bucket.equals(other.bucket) && (prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix));
    }
}
