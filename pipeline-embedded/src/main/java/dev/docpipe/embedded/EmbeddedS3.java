package dev.docpipe.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 API served by S3Proxy in this JVM, backed by a directory (one sub-directory per bucket)
 * or by memory.
 *
 * <p>Requests must be signed with AWS Signature V4 and the configured key pair: S3Proxy checks
 * signatures for real, so a client with wrong credentials fails here as it would on AWS. Clients
 * must use path-style addressing ({@code http://host:port/bucket/key}).
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final URI endpoint;

    private EmbeddedS3(S3Proxy proxy, BlobStore blobStore, URI endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
    }

    /** Starts a server storing objects as files under {@code directory}, which outlive the server. */
    public static EmbeddedS3 startOnFilesystem(Path directory, String accessKey, String secretKey,
            Collection<String> buckets) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()), accessKey, secretKey,
                buckets);
    }

    /** Starts a server keeping objects in memory. */
    public static EmbeddedS3 startInMemory(String accessKey, String secretKey, Collection<String> buckets) {
        return start(new TransientNio2BlobStore(), accessKey, secretKey, buckets);
    }

    private static EmbeddedS3 start(BlobStore blobStore, String accessKey, String secretKey,
            Collection<String> buckets) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(Loopback.uri(0))
                .awsAuthentication(AuthenticationType.AWS_V4, accessKey, secretKey)
                // A few threads are plenty for one machine; Jetty's default of 200 is not free.
                .jettyMaxThreads(32)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        EmbeddedS3 s3 = new EmbeddedS3(proxy, blobStore, Loopback.uri(proxy.getPort()));
        buckets.forEach(s3::createBucket);
        log.debug("S3Proxy listening on {}", s3.endpoint);
        return s3;
    }

    /** Creates the bucket unless it exists. */
    public void createBucket(String bucket) {
        if (!blobStore.containerExists(bucket)) {
            blobStore.createContainer(bucket);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop cleanly", e);
        } finally {
            blobStore.close();
        }
    }
}
