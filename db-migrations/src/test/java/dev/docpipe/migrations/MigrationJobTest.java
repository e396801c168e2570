package dev.docpipe.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The migration job creates the schema on an empty database, and running it again changes nothing. */
class MigrationJobTest {

    @TempDir
    static Path dataDirectory;

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startDatabase() {
        postgres = EmbeddedPostgres.start(dataDirectory.resolve("pg"));
    }

    @AfterAll
    static void stopDatabase() {
        postgres.close();
    }

    @Test
    void createsTheSchemaAndIsIdempotent() {
        runJob();
        JdbcClient jdbc = JdbcClient.create(postgres.dataSource());
        List<String> tables = jdbc.sql("""
                        SELECT table_name FROM information_schema.tables
                         WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history' ORDER BY table_name""")
                .query(String.class).list();
        assertThat(tables).contains("audit_event", "batch", "document", "inference_job", "inference_result", "page",
                "split_completed", "split_part");
        int applied = jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Integer.class).single();
        assertThat(applied).as("every migration applied").isEqualTo(migrationFiles());

        runJob();
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Integer.class).single())
                .as("a second run applies nothing").isEqualTo(applied);
    }

    private static int migrationFiles() {
        try {
            return new PathMatchingResourcePatternResolver()
                    .getResources("classpath:db/migration/V*.sql").length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void recordsHowEachPageWasRenderedAndWhatTheQualityGateFound() {
        runJob();
        JdbcClient jdbc = JdbcClient.create(postgres.dataSource());
        List<String> columns = jdbc.sql("""
                        SELECT column_name FROM information_schema.columns
                         WHERE table_schema = 'public' AND table_name = 'page'""")
                .query(String.class).list();
        assertThat(columns).contains("key_layout", "render_dpi", "colour_mode", "image_bytes", "quality", "quality_detail", "quarantine_key");
        assertThat(jdbc.sql("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'page_status_check'")
                .query(String.class).single()).contains("QUARANTINED");
    }

    private static void runJob() {
        try (ConfigurableApplicationContext job = MigrationJob.run(
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.user(),
                "--spring.datasource.password=" + postgres.password())) {
            assertThat(job.isActive()).isTrue();
        }
    }
}
