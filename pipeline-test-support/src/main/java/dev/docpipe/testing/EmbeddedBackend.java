package dev.docpipe.testing;

import dev.docpipe.embedded.InfrastructureSettings;
import dev.docpipe.embedded.LocalInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The test infrastructure on the embedded servers, under a temporary directory removed at the end. */
final class EmbeddedBackend {

    static final String NAME = "embedded";

    private EmbeddedBackend() {}

    static RunningInfrastructure start() {
        Path workDirectory = createWorkDirectory();
        LocalInfrastructure local;
        try {
            // Objects in memory: tests write little, and nothing is left to clean up on disk.
            local = LocalInfrastructure.start(InfrastructureSettings.defaults(workDirectory).withInMemoryS3());
        } catch (RuntimeException e) {
            deleteRecursively(workDirectory);
            throw e;
        }
        return new RunningInfrastructure(NAME, local.endpoints(), local.queues(), local.sqsClient(),
                local.s3Client(), () -> {
                    try {
                        local.close();
                    } finally {
                        deleteRecursively(workDirectory);
                    }
                }, down -> {
                    if (down) {
                        local.postgres().stop();
                    } else {
                        local.postgres().startAgain();
                    }
                });
    }

    private static Path createWorkDirectory() {
        try {
            return Files.createTempDirectory("docpipe-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is not worth failing a test run for.
        }
    }
}
