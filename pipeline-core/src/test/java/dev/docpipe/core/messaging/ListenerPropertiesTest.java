package dev.docpipe.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ListenerPropertiesTest {

    private final ListenerProperties properties = new ListenerProperties(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(15), true, Duration.ofSeconds(2));

    @Test
    void backsOffExponentiallyByReceiveCountUpToTheMaximum() {
        assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.backoffAfter(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(properties.backoffAfter(30)).isEqualTo(Duration.ofMinutes(15));
    }
}
