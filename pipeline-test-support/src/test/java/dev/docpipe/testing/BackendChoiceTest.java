package dev.docpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackendChoiceTest {

    @Test
    void defaultsToAutomaticChoice() {
        assertThat(BackendChoice.parse(null)).isEqualTo(BackendChoice.AUTO);
        assertThat(BackendChoice.parse(" ")).isEqualTo(BackendChoice.AUTO);
    }

    @Test
    void acceptsTheBackendNamesInAnyCase() {
        assertThat(BackendChoice.parse("embedded")).isEqualTo(BackendChoice.EMBEDDED);
        assertThat(BackendChoice.parse(" Testcontainers ")).isEqualTo(BackendChoice.TESTCONTAINERS);
    }

    @Test
    void rejectsAnUnknownBackendNamingTheProperty() {
        assertThatThrownBy(() -> BackendChoice.parse("docker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("docpipe.test.infra");
    }

    @Test
    void detectsDockerQuicklyEitherWay() {
        // Without an engine the answer must come fast, or every test JVM would wait on it.
        assertTimeoutPreemptively(Duration.ofSeconds(30), DockerEnvironment::isAvailable);
    }
}
