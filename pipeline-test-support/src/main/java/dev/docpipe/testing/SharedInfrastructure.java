package dev.docpipe.testing;

import dev.docpipe.migrations.SchemaMigrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the JVM's one {@link TestInfrastructure}: started lazily, stopped by the extension. */
final class SharedInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(SharedInfrastructure.class);

    private static RunningInfrastructure running;
    /** A start that failed is not retried for every test class: each would wait as long to fail. */
    private static RuntimeException startFailure;

    private SharedInfrastructure() {}

    static synchronized TestInfrastructure get() {
        if (startFailure != null) {
            throw new IllegalStateException("The test infrastructure failed to start earlier in this run",
                    startFailure);
        }
        if (running == null) {
            try {
                running = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return running;
    }

    static synchronized void stop() {
        if (running != null) {
            try {
                running.close();
            } finally {
                running = null;
            }
        }
    }

    private static RunningInfrastructure start() {
        long started = System.nanoTime();
        RunningInfrastructure infrastructure = switch (BackendChoice.fromEnvironment()) {
            case EMBEDDED -> EmbeddedBackend.start();
            case TESTCONTAINERS -> ContainerBackend.start();
            case AUTO -> DockerEnvironment.isAvailable() ? containersOrEmbedded() : EmbeddedBackend.start();
        };
        try {
            int migrations = SchemaMigrator.migrate(infrastructure.dataSource());
            log.info("Test infrastructure ({}) ready in {} ms, {} migrations applied", infrastructure.backend(),
                    (System.nanoTime() - started) / 1_000_000, migrations);
            return infrastructure;
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
    }

    /** With Docker merely detected, a failing container start (no image, no network) falls back. */
    private static RunningInfrastructure containersOrEmbedded() {
        try {
            return ContainerBackend.start();
        } catch (RuntimeException e) {
            log.warn("Testcontainers did not start, using the embedded servers instead", e);
            return EmbeddedBackend.start();
        }
    }
}
