package dev.docpipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

    @TempDir
    Path dataDirectory;

    @Test
    void keepsItsDataWhenRestartedOnTheSameDirectory() throws SQLException {
        try (EmbeddedPostgres first = EmbeddedPostgres.start(dataDirectory)) {
            execute(first.dataSource(), "create table kept (v text); insert into kept values ('survives')");
        }

        try (EmbeddedPostgres second = EmbeddedPostgres.start(dataDirectory);
                Connection connection = second.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select v from kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("survives");
            assertThat(second.jdbcUrl()).endsWith(":" + second.port() + "/docpipe");
        }
    }

    @Test
    void stopsAPostmasterOrphanedByADeadJvmBeforeStarting(@TempDir Path logDirectory) throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), AbandonPostgres.class.getName(),
                dataDirectory.toString())
                .redirectErrorStream(true)
                .redirectOutput(logDirectory.resolve("child.log").toFile())
                .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long orphanPid = Long.parseLong(
                Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
        assertThat(ProcessHandle.of(orphanPid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDirectory);
                Connection connection = postgres.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select pg_backend_pid()")) {
            assertThat(rows.next()).isTrue();
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
