package dev.docpipe.embedded;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A one-shot job that installs the queue topology (every queue, its dead-letter queue and redrive
 * policy) and creates the buckets on any SQS and S3 API: LocalStack under docker compose, or any
 * other server. It converges, so running it again is harmless. Region and credentials are
 * {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, or else the AWS
 * SDK's default chains.
 *
 * <p>Environment: {@code DOCPIPE_SQS_ENDPOINT} and {@code DOCPIPE_S3_ENDPOINT} (unset for AWS
 * itself), {@code DOCPIPE_S3_PATH_STYLE} ({@code true} for a local server whose bucket host names
 * do not resolve), {@code DOCPIPE_BUCKETS} (comma-separated), {@code DOCPIPE_QUEUE_PREFIX}.
 */
public final class TopologyJob {

    private static final Logger log = LoggerFactory.getLogger(TopologyJob.class);

    private TopologyJob() {}

    public static void main(String[] args) {
        install(System.getenv());
    }

    /** Installs the topology and the buckets the environment names; returns the installed queues. */
    public static List<InstalledQueue> install(Map<String, String> environment) {
        try (SqsClient sqs = sqsClient(environment); S3Client s3 = s3Client(environment)) {
            List<InstalledQueue> queues = new QueueTopologyInstaller(sqs, environment.getOrDefault("DOCPIPE_QUEUE_PREFIX", ""))
                    .installAll();
            queues.forEach(q -> log.info("Queue {} (dead letters: {})", q.name(), q.dlqName()));
            for (String bucket : buckets(environment)) {
                createBucket(s3, bucket);
                log.info("Bucket {}", bucket);
            }
            return queues;
        }
    }

    static List<String> buckets(Map<String, String> environment) {
        return Arrays.stream(environment.getOrDefault("DOCPIPE_BUCKETS", "").split(","))
                .map(String::strip)
                .filter(b -> !b.isEmpty())
                .toList();
    }

    private static void createBucket(S3Client s3, String bucket) {
        try {
            s3.createBucket(r -> r.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException exists) {
            // A second run: nothing to do.
        }
    }

    private static SqsClient sqsClient(Map<String, String> environment) {
        var builder = SqsClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        signIn(builder, environment);
        String endpoint = environment.get("DOCPIPE_SQS_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static S3Client s3Client(Map<String, String> environment) {
        var builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .forcePathStyle(Boolean.parseBoolean(environment.getOrDefault("DOCPIPE_S3_PATH_STYLE", "false")));
        signIn(builder, environment);
        String endpoint = environment.get("DOCPIPE_S3_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static void signIn(AwsClientBuilder<?, ?> builder, Map<String, String> environment) {
        String region = environment.get("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        String accessKey = environment.get("AWS_ACCESS_KEY_ID");
        String secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
        if (accessKey != null && secretKey != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
        }
    }
}
