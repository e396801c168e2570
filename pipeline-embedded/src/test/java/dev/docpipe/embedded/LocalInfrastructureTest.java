package dev.docpipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalInfrastructureTest {

    @TempDir
    static Path workDirectory;

    static LocalInfrastructure infrastructure;

    @BeforeAll
    static void start() {
        infrastructure = LocalInfrastructure.start(workDirectory);
    }

    @AfterAll
    static void stop() {
        infrastructure.close();
    }

    @Test
    void postgresAnswersQueriesOnTheDocpipeDatabase() throws Exception {
        try (Connection connection = infrastructure.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select 1, current_database()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
            assertThat(rows.getString(2)).isEqualTo("docpipe");
        }
    }

    @Test
    void springPropertiesPointAtTheRunningServers() {
        InfrastructureEndpoints endpoints = infrastructure.endpoints();

        assertThat(endpoints.springProperties())
                .containsOnlyKeys("spring.datasource.url", "spring.datasource.username",
                        "spring.datasource.password", "spring.cloud.aws.sqs.endpoint",
                        "spring.cloud.aws.region.static", "spring.cloud.aws.credentials.access-key",
                        "spring.cloud.aws.credentials.secret-key", "docpipe.s3.endpoint", "docpipe.s3.path-style",
                        "docpipe.storage.work-bucket")
                .containsEntry("spring.datasource.url", endpoints.jdbcUrl())
                .containsEntry("spring.cloud.aws.sqs.endpoint", endpoints.sqsEndpoint().toString())
                .containsEntry("docpipe.s3.endpoint", endpoints.s3Endpoint().toString())
                .containsEntry("docpipe.s3.path-style", "true")
                .containsEntry("docpipe.storage.work-bucket", "docpipe-work");
    }

    @Test
    void createsTheWorkAndInputBucketsAndKeepsObjectsUnderTheWorkDirectory() {
        assertThat(infrastructure.s3Client().listBuckets().buckets())
                .extracting(b -> b.name())
                .contains("docpipe-work", "docpipe-input");
        assertThat(workDirectory.resolve("s3").resolve("docpipe-work")).isDirectory();
        assertThat(workDirectory.resolve("postgres").resolve("postgresql.conf")).isRegularFile();
    }

    @Test
    void installsEveryQueueOfTheTopology() {
        assertThat(infrastructure.queues()).hasSize(dev.docpipe.contracts.PipelineQueue.values().length);
        assertThat(infrastructure.sqsClient().listQueues().queueUrls())
                .hasSize(2 * dev.docpipe.contracts.PipelineQueue.values().length);
    }
}
