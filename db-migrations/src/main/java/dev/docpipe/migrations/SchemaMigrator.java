package dev.docpipe.migrations;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Applies the schema programmatically, for the embedded runner and the tests. */
public final class SchemaMigrator {

    public static final String LOCATION = "classpath:db/migration";

    private SchemaMigrator() {}

    /** Migrates the database behind {@code dataSource}; returns how many migrations ran. */
    public static int migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
