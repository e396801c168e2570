package dev.docpipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.contracts.PipelineQueue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.Bucket;

class TopologyJobTest {

    static EmbeddedSqs sqs;
    static EmbeddedS3 s3;
    static Map<String, String> environment;

    @BeforeAll
    static void start() {
        sqs = EmbeddedSqs.start("us-east-1", "000000000000");
        s3 = EmbeddedS3.startInMemory("job-key", "job-secret", List.of());
        environment = Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "job-key",
                "AWS_SECRET_ACCESS_KEY", "job-secret",
                "DOCPIPE_SQS_ENDPOINT", sqs.endpoint().toString(),
                "DOCPIPE_S3_ENDPOINT", s3.endpoint().toString(),
                "DOCPIPE_S3_PATH_STYLE", "true",
                "DOCPIPE_BUCKETS", "job-work, job-input",
                "DOCPIPE_QUEUE_PREFIX", "job-");
    }

    @AfterAll
    static void stop() {
        s3.close();
        sqs.close();
    }

    @Test
    void installsEveryQueueAndCreatesTheBucketsFromTheEnvironment() {
        List<InstalledQueue> queues = TopologyJob.install(environment);

        assertThat(queues).extracting(InstalledQueue::queue).containsExactly(PipelineQueue.values());
        assertThat(queues).extracting(InstalledQueue::dlqName).allMatch(name -> name.startsWith("job-docpipe-") && name.endsWith("-dlq"));
        var endpoints = new InfrastructureEndpoints("jdbc:none", "", "", sqs.endpoint(), s3.endpoint(), "us-east-1",
                "job-key", "job-secret", "job-work", "job-input");
        try (var client = endpoints.newS3Client()) {
            assertThat(client.listBuckets().buckets()).extracting(Bucket::name).contains("job-work", "job-input");
        }
    }

    @Test
    void runningAgainConverges() {
        List<InstalledQueue> first = TopologyJob.install(environment);

        assertThat(TopologyJob.install(environment)).isEqualTo(first);
    }
}
