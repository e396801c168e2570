package dev.docpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.embedded.InstalledQueue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Runs on the backend this module's Surefire configuration selects: the embedded servers. */
@PipelineInfrastructure
class PipelineInfrastructureExtensionTest {

    private final TestInfrastructure injected;

    PipelineInfrastructureExtensionTest(TestInfrastructure injected) {
        this.injected = injected;
    }

    @Test
    void resolvesTheSharedInfrastructureIntoConstructorsAndMethods(TestInfrastructure infrastructure) {
        assertThat(infrastructure).isSameAs(TestInfrastructure.shared()).isSameAs(injected);
        assertThat(infrastructure.backend()).isEqualTo(EmbeddedBackend.NAME);
    }

    @Test
    void migratesTheSchemaOnce(TestInfrastructure infrastructure) throws SQLException {
        assertThat(count(infrastructure, "select count(*) from flyway_schema_history where success")).isPositive();
        assertThat(count(infrastructure, "select count(*) from pg_tables where tablename in"
                + " ('batch', 'document', 'page', 'inference_result', 'audit_event')")).isEqualTo(5);
    }

    @Test
    void registersTheSpringPropertiesWithAPropertyRegistry(TestInfrastructure infrastructure) {
        Map<String, Object> registered = new LinkedHashMap<>();

        infrastructure.registerSpringProperties((String key, Supplier<Object> value) -> registered.put(key, value.get()));

        assertThat(registered).isEqualTo(Map.copyOf(infrastructure.springProperties())).hasSize(10);
    }

    @Test
    void resetStateEmptiesTablesQueuesInFlightMessagesAndBuckets(TestInfrastructure infrastructure)
            throws SQLException {
        execute(infrastructure, "insert into batch (id, status, source_bucket, prefixes, options)"
                + " values (gen_random_uuid(), 'RUNNING', 'docpipe-input', array['in/'], '{}')");
        InstalledQueue ingest = infrastructure.queues().getFirst();
        infrastructure.sqsClient().sendMessage(r -> r.queueUrl(ingest.url()).messageBody("waiting"));
        infrastructure.sqsClient().sendMessage(r -> r.queueUrl(ingest.url()).messageBody("in flight"));
        infrastructure.sqsClient().sendMessage(r -> r.queueUrl(ingest.dlqUrl()).messageBody("dead"));
        assertThat(infrastructure.sqsClient().receiveMessage(r -> r.queueUrl(ingest.url())).messages()).hasSize(1);
        String bucket = infrastructure.endpoints().workBucket();
        infrastructure.s3Client().putObject(r -> r.bucket(bucket).key("pages/1.png"), RequestBody.fromString("png"));

        infrastructure.resetState();

        assertThat(count(infrastructure, "select count(*) from batch")).isZero();
        assertThat(count(infrastructure, "select count(*) from flyway_schema_history")).isPositive();
        assertThat(messagesIn(infrastructure, ingest.url())).isZero();
        assertThat(messagesIn(infrastructure, ingest.dlqUrl())).isZero();
        assertThat(infrastructure.s3Client().listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
        assertThat(infrastructure.s3Client().listBuckets().buckets()).extracting(b -> b.name())
                .contains("docpipe-work", "docpipe-input");
    }

    private static long messagesIn(TestInfrastructure infrastructure, String queueUrl) {
        Map<QueueAttributeName, String> attributes = infrastructure.sqsClient()
                .getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static long count(TestInfrastructure infrastructure, String sql) throws SQLException {
        try (Connection connection = infrastructure.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(TestInfrastructure infrastructure, String sql) throws SQLException {
        try (Connection connection = infrastructure.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
