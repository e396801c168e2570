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

    /** Null while stopped by {@link #stop()}. */
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;
    private final int port;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory, int port) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Starts a server on a free port, creating the data directory (and running initdb) when it is new. */
    public static EmbeddedPostgres start(Path dataDirectory) {
        var server = startServer(dataDirectory, 0);
        EmbeddedPostgres postgres = new EmbeddedPostgres(server, dataDirectory, server.getPort());
        postgres.createDatabaseIfMissing();
        log.debug("PostgreSQL listening on port {} with data in {}", server.getPort(), dataDirectory);
        return postgres;
    }

    /**
     * Stops the server as an outage would (open sessions are cut), keeping its data: the
     * applications' connections fail until {@link #startAgain()}.
     */
    public synchronized void stop() {
        if (server != null) {
            closeServer();
            server = null;
        }
    }

    /** Starts the server again on its port with its data, after {@link #stop()}; connections come back. */
    public synchronized void startAgain() {
        if (server == null) {
            server = startServer(dataDirectory, port);
        }
    }

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres startServer(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            OrphanedPostmaster.stopIfAny(dataDirectory);
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
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
                    .setServerConfig("max_connections", "200");
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
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
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    /** Any value works under {@code trust} authentication; this one keeps configuration non-empty. */
    public String password() {
        return USER;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** A non-pooling DataSource for database {@value #DATABASE}: fine for set-up, migrations and tests. */
    public synchronized DataSource dataSource() {
        return server.getDatabase(USER, DATABASE);
    }

    /** Stops the server ("fast" shutdown: open sessions are disconnected); the data stays. */
    @Override
    public synchronized void close() {
        stop();
    }

    private void closeServer() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
    }
}
