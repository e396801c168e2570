package dev.docpipe.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProgressBarTest {

    private static JsonNode batch(String status, long total, long inferred, long failed, double rate, boolean listed) {
        return JsonMapper.builder().build().readTree("""
                {"status":"%s","documents":{"listed":10,"completed":4,"failed":1,"listingComplete":%s},
                 "pages":{"total":%d,"inferred":%d,"failed":%d},"throughput":{"pagesPerSecond":%s}}"""
                .formatted(status, listed, total, inferred, failed, rate));
    }

    @Test
    void drawsPagesDoneWithRateAndTimeLeft() {
        String line = ProgressBar.of(batch("RUNNING", 1000, 240, 10, 5.0, true));

        assertThat(line).contains("[" + "#".repeat(8) + ".".repeat(22) + "]  25%")
                .contains("250/1000 pages").contains("5/10 documents").contains("5.0 pages/s").contains("ETA 2m30s");
    }

    @Test
    void knowsNoTimeLeftWhileListingOrWithoutARate() {
        assertThat(ProgressBar.of(batch("RUNNING", 1000, 240, 0, 5.0, false))).endsWith("ETA unknown");
        assertThat(ProgressBar.of(batch("RUNNING", 1000, 0, 0, 0, true))).endsWith("ETA unknown");
        assertThat(ProgressBar.of(batch("RUNNING", 100_000, 0, 0, 10, true))).endsWith("ETA 2h46m");
        assertThat(ProgressBar.of(batch("COMPLETED", 10, 10, 0, 3, true))).contains("100%").doesNotContain("ETA");
    }
}
