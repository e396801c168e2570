package dev.docpipe.failsafe.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.core.messaging.DeadLetterQueues;
import dev.docpipe.core.messaging.QueueNames;
import dev.docpipe.embedded.InfrastructureEndpoints;
import dev.docpipe.failsafe.FailsafeProperties;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** The dead-letter gauges follow the real queues' depth. */
@PipelineInfrastructure
class DeadLetterWatchTest {

    private final TestInfrastructure infra = TestInfrastructure.shared();

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @Test
    void gaugesEachDeadLetterQueuesDepth() {
        InfrastructureEndpoints endpoints = infra.endpoints();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(endpoints.accessKey(), endpoints.secretKey()));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (SqsAsyncClient sqs = SqsAsyncClient.builder().endpointOverride(endpoints.sqsEndpoint())
                        .region(Region.of(endpoints.region())).credentialsProvider(credentials).build();
                SnsClient sns = SnsClient.builder().region(Region.of(endpoints.region())).credentialsProvider(credentials)
                        .httpClientBuilder(ApacheHttpClient.builder()).build()) {
            DeadLetterWatch watch = new DeadLetterWatch(new DeadLetterQueues(sqs, new QueueNames(new StandardEnvironment())),
                    new FailsafeProperties(Duration.ofSeconds(30), null, Duration.ofMinutes(1), Duration.ofMinutes(30), 100, 100), sns, meters);
            TestQueues queues = new TestQueues(infra);
            for (int i = 0; i < 3; i++) {
                infra.sqsClient().sendMessage(b -> b.queueUrl(queues.url("docpipe-chunk-small-dlq")).messageBody("{}"));
            }

            watch.runOnce();

            assertThat(meters.get("docpipe.dlq.messages").tag("queue", "chunk-small").gauge().value()).isEqualTo(3);
            assertThat(meters.get("docpipe.dlq.messages").tag("queue", "page-single").gauge().value()).isZero();
        }
    }
}
