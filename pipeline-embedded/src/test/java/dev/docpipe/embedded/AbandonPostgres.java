package dev.docpipe.embedded;

import java.nio.file.Path;

/**
 * Run in a child JVM: starts PostgreSQL on the given directory, prints the postmaster's pid and
 * dies without stopping it, as a killed runner would.
 */
public final class AbandonPostgres {

    private AbandonPostgres() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.start(Path.of(args[0]));
        System.out.println("port=" + postgres.port());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
