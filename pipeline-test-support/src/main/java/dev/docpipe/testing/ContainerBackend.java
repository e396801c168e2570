package dev.docpipe.testing;

import dev.docpipe.embedded.InfrastructureEndpoints;
import dev.docpipe.embedded.InfrastructureSettings;
import dev.docpipe.embedded.InstalledQueue;
import dev.docpipe.embedded.QueueTopologyInstaller;
import java.util.List;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The test infrastructure in containers: PostgreSQL and LocalStack (SQS and S3), with the same
 * queue topology and buckets as the embedded servers.
 *
 * <p>Images can be overridden with the system properties {@code docpipe.test.postgres-image} and
 * {@code docpipe.test.localstack-image}; LocalStack is pinned because its {@code latest} tag moves
 * (and newer images may ask for an auth token).
 */
final class ContainerBackend {

    static final String NAME = "testcontainers";
    static final String POSTGRES_IMAGE = "postgres:16-alpine";
    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.9";

    private ContainerBackend() {}

    static RunningInfrastructure start() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(
                DockerImageName.parse(System.getProperty("docpipe.test.postgres-image", POSTGRES_IMAGE)))
                .withDatabaseName("docpipe");
        LocalStackContainer localStack = new LocalStackContainer(DockerImageName
                .parse(System.getProperty("docpipe.test.localstack-image", LOCALSTACK_IMAGE))
                .asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("sqs", "s3");
        SqsClient sqs = null;
        S3Client s3 = null;
        try {
            // Both at once: each takes seconds, mostly waiting.
            Startables.deepStart(postgres, localStack).join();
            InfrastructureEndpoints endpoints = new InfrastructureEndpoints(postgres.getJdbcUrl(),
                    postgres.getUsername(), postgres.getPassword(), localStack.getEndpoint(),
                    localStack.getEndpoint(), localStack.getRegion(), localStack.getAccessKey(),
                    localStack.getSecretKey(), InfrastructureSettings.DEFAULT_WORK_BUCKET,
                    InfrastructureSettings.DEFAULT_INPUT_BUCKET);
            sqs = endpoints.newSqsClient();
            s3 = endpoints.newS3Client();
            List<InstalledQueue> queues = new QueueTopologyInstaller(sqs).installAll();
            for (String bucket : List.of(endpoints.workBucket(), endpoints.inputBucket())) {
                s3.createBucket(r -> r.bucket(bucket));
            }
            SqsClient sqsClient = sqs;
            S3Client s3Client = s3;
            return new RunningInfrastructure(NAME, endpoints, queues, sqs, s3, () -> {
                sqsClient.close();
                s3Client.close();
                localStack.stop();
                postgres.stop();
            }, null);
        } catch (RuntimeException e) {
            if (sqs != null) {
                sqs.close();
            }
            if (s3 != null) {
                s3.close();
            }
            localStack.stop();
            postgres.stop();
            throw e;
        }
    }
}
