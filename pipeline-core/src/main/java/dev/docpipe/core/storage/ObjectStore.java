package dev.docpipe.core.storage;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 access for every service. Documents are streamed to temp files, never held in memory whole:
 * a multi-gigabyte PDF costs disk, not heap.
 */
public class ObjectStore {

    private final S3Client s3;
    private final StorageProperties properties;

    public ObjectStore(S3Client s3, StorageProperties properties) {
        this.s3 = s3;
        this.properties = properties;
    }

    /** The bucket docpipe writes chunks, single pages and page images to. */
    public String workBucket() {
        return properties.workBucket();
    }

    /**
     * Streams an object to a temp file.
     *
     * @throws DocumentRejectedException SOURCE_MISSING when the object does not exist
     */
    public LocalCopy download(String bucket, String key) {
        Path file = createTempFile();
        try {
            Files.delete(file); // the SDK refuses to overwrite
            s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(file));
            return new LocalCopy(file, Files.size(file));
        } catch (NoSuchKeyException e) {
            throw new DocumentRejectedException(FailureReason.SOURCE_MISSING, "s3://%s/%s does not exist".formatted(bucket, key), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    public byte[] read(String bucket, String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new DocumentRejectedException(FailureReason.SOURCE_MISSING, "s3://%s/%s does not exist".formatted(bucket, key), e);
        }
    }

    public void upload(String bucket, String key, Path file, String contentType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
    }

    public void upload(String bucket, String key, byte[] bytes, String contentType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    /** Lists a prefix lazily, one S3 page (1,000 keys) at a time. */
    public Stream<S3Object> list(String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream();
    }

    /** A temp file in the configured directory, for work that produces files. */
    public Path createTempFile() {
        try {
            Path dir = properties.tempDirectoryOrDefault();
            Files.createDirectories(dir);
            return Files.createTempFile(dir, "docpipe-", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: the file is in the temp directory
        }
    }
}
