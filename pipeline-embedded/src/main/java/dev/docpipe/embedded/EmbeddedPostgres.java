package dev.docpipe.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the classpath (zonky), with database
 * {@value #DATABASE} created.
 *
 * <p>The data directory is kept when the server stops, so a later start on the same directory
 * finds the same data; the caller owns (and deletes) it. Authentication is {@code trust}: any
 * password is accepted, which is why {@link #password()} is only a placeholder.
 *
 * <p>As root, zonky re-runs {@code initdb} and {@code postgres} through {@code unshare -U},
 * because PostgreSQL refuses to run as root.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String DATABASE = "docpipe";
    public static final String USER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /** Starts a server on a free port, creating the data directory (and running initdb) when it is new. */
    public static EmbeddedPostgres start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            OrphanedPostmaster.stopIfAny(dataDirectory);
            var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // The owner closes the server after the applications that use it; a hook of
                    // its own would race their shutdown (STACK.md).
                    .setRegisterShutdownHook(false)
                    // A throwaway local database: durability against an OS crash buys nothing here,
                    // and skipping fsync makes tests that write a lot several times faster.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    // Every service of the local runner has its own connection pool.
                    .setServerConfig("max_connections", "200")
                    .start();
            EmbeddedPostgres postgres = new EmbeddedPostgres(server, dataDirectory);
            postgres.createDatabaseIfMissing();
            log.debug("PostgreSQL listening on port {} with data in {}", server.getPort(), dataDirectory);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dataDirectory, e);
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = server.getPostgresDatabase().getConnection()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, DATABASE);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    create.execute("create database " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + DATABASE, e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    /** Any value works under {@code trust} authentication; this one keeps configuration non-empty. */
    public String password() {
        return USER;
    }

    public int port() {
        return server.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** A non-pooling DataSource for database {@value #DATABASE}: fine for set-up, migrations and tests. */
    public DataSource dataSource() {
        return server.getDatabase(USER, DATABASE);
    }

    /** Stops the server ("fast" shutdown: open sessions are disconnected); the data stays. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
    }
}
