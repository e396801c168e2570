package dev.docpipe.core.storage;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 access for every service. Documents are streamed to temp files, never held in memory whole:
 * a multi-gigabyte PDF costs disk, not heap.
 */
public class ObjectStore {

    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;

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

    /** Streams a file to S3: one PUT, or a multipart upload above the configured threshold. */
    public void upload(String bucket, String key, Path file, String contentType) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size > properties.multipartThreshold().toBytes()) {
            uploadInParts(bucket, key, file, size, contentType);
        } else {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
        }
    }

    private void uploadInParts(String bucket, String key, Path file, long size, String contentType) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)).uploadId();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long partSize = Math.max(properties.multipartPartSize().toBytes(), MIN_PART_SIZE);
            List<CompletedPart> done = new ArrayList<>();
            for (long offset = 0; offset < size; offset += partSize) {
                long length = Math.min(partSize, size - offset);
                int number = done.size() + 1;
                // Read from the file as the SDK sends: a part is never held in memory whole.
                InputStream in = Channels.newInputStream(channel.position(offset));
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromInputStream(in, length)).eTag();
                done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(done)));
        } catch (IOException | RuntimeException e) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    public void upload(String bucket, String key, byte[] bytes, String contentType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    /** Lists a prefix lazily, one S3 page (1,000 keys) at a time. */
    public Stream<S3Object> list(String bucket, String prefix) {
        return list(bucket, prefix, null);
    }

    /**
     * The objects under {@code prefix} whose keys sort after {@code startAfter} (null: all), in key
     * order, a page of 1,000 fetched as the stream reaches it: where a listing resumes.
     */
    public Stream<S3Object> list(String bucket, String prefix, String startAfter) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).startAfter(startAfter)).contents().stream();
    }

    /** A new temp directory in the configured directory, for work that produces many files. */
    public Path createTempDirectory() {
        try {
            Path dir = properties.tempDirectoryOrDefault();
            Files.createDirectories(dir);
            return Files.createTempDirectory(dir, "docpipe-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
