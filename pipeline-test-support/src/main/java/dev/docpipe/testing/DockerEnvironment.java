package dev.docpipe.testing;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers, asked once per JVM. Without one, Testcontainers gives up in
 * well under a second (it logs an error listing what it tried, which is expected here).
 * Usable in {@code @EnabledIf("dev.docpipe.testing.DockerEnvironment#isAvailable")}.
 */
public final class DockerEnvironment {

    private static volatile Boolean available;

    private DockerEnvironment() {}

    public static boolean isAvailable() {
        Boolean answer = available;
        if (answer == null) {
            answer = ask();
            available = answer;
        }
        return answer;
    }

    private static boolean ask() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
