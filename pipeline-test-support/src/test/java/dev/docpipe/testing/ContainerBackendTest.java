package dev.docpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.embedded.InstalledQueue;
import dev.docpipe.migrations.SchemaMigrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Needs a Docker engine; skipped where none answers (as on the build machines without one). */
@EnabledIf("dev.docpipe.testing.DockerEnvironment#isAvailable")
class ContainerBackendTest {

    @Test
    void startsPostgresAndLocalStackWithTheTopologyAndBuckets() {
        try (RunningInfrastructure infrastructure = ContainerBackend.start()) {
            assertThat(SchemaMigrator.migrate(infrastructure.dataSource())).isPositive();
            assertThat(infrastructure.queues()).hasSize(PipelineQueue.values().length);
            InstalledQueue ingest = infrastructure.queues().getFirst();
            assertThat(infrastructure.sqsClient()
                            .getQueueAttributes(r -> r.queueUrl(ingest.url()).attributeNames(QueueAttributeName.ALL))
                            .attributes())
                    .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "60")
                    .containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600")
                    .containsKey(QueueAttributeName.REDRIVE_POLICY);

            String bucket = infrastructure.endpoints().workBucket();
            infrastructure.s3Client().putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("v"));
            infrastructure.sqsClient().sendMessage(r -> r.queueUrl(ingest.url()).messageBody("m"));
            infrastructure.resetState();

            assertThat(infrastructure.s3Client().listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
            assertThat(infrastructure.sqsClient().receiveMessage(r -> r.queueUrl(ingest.url())).messages()).isEmpty();
        }
    }
}
