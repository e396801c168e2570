package dev.docpipe.testing;

import dev.docpipe.embedded.InfrastructureEndpoints;
import dev.docpipe.embedded.InstalledQueue;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A running PostgreSQL with the docpipe schema, an SQS API with the queue topology and an S3 API
 * with the work and input buckets: Testcontainers (PostgreSQL and LocalStack) where a Docker engine
 * answers, the embedded servers otherwise, or as chosen with the system property or environment
 * variable {@code docpipe.test.infra} ({@code DOCPIPE_TEST_INFRA}): {@code embedded},
 * {@code testcontainers} or {@code auto}.
 *
 * <p>One instance per JVM, started on first use; see {@link PipelineInfrastructure} for how it is
 * stopped. Tests share it, so each test that depends on a clean slate calls {@link #resetState()}.
 */
public interface TestInfrastructure {

    /** The JVM's instance, started (and the schema migrated) on the first call; thread-safe. */
    static TestInfrastructure shared() {
        return SharedInfrastructure.get();
    }

    /** Which servers answer: {@code embedded} or {@code testcontainers}. */
    String backend();

    InfrastructureEndpoints endpoints();

    /** The Spring properties that point a service at these servers (see {@link InfrastructureEndpoints#springProperties()}). */
    default Map<String, String> springProperties() {
        return endpoints().springProperties();
    }

    /**
     * Hands every Spring property to {@code registry}; shaped for
     * {@code DynamicPropertyRegistry::add}, so this module needs no Spring.
     */
    default void registerSpringProperties(BiConsumer<String, Supplier<Object>> registry) {
        springProperties().forEach((key, value) -> registry.accept(key, () -> value));
    }

    /** A shared client for the SQS API; do not close it. */
    SqsClient sqsClient();

    /** A shared path-style client for the S3 API; do not close it. */
    S3Client s3Client();

    /**
     * Takes the database away as an outage would (connections cut, new ones refused) and brings
     * it back on the same address with its data, for tests of what survives (RELIABILITY.md
     * case 12). Only the embedded servers can; on the others this fails.
     */
    default void databaseOutage(boolean down) {
        throw new UnsupportedOperationException("the " + backend() + " backend cannot stop its database");
    }

    /** A non-pooling DataSource for the application database. */
    DataSource dataSource();

    /** The topology's queues, in {@link dev.docpipe.contracts.PipelineQueue} order. */
    List<InstalledQueue> queues();

    /**
     * Empties every application table (all but Flyway's history, identities restarted), purges
     * every queue and dead-letter queue, and deletes every object of every bucket. Queues,
     * buckets and schema stay.
     */
    void resetState();
}
