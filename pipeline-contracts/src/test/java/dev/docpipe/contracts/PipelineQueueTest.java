package dev.docpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PipelineQueueTest {

    @Test
    void everyQueueHasItsOwnDeadLetterQueueAndKeepsDeadLettersLonger() {
        assertThat(Arrays.stream(PipelineQueue.values()).map(PipelineQueue::defaultDlqName).distinct())
                .hasSize(PipelineQueue.values().length);
        assertThat(PipelineQueue.DLQ_RETENTION).isGreaterThan(PipelineQueue.RETENTION);
        assertThat(PipelineQueue.MAX_RECEIVE_COUNT).isGreaterThan(1);
    }

    @Test
    void findsQueuesByTheirConfigurationName() {
        assertThat(PipelineQueue.byLogicalName("page-converted")).contains(PipelineQueue.PAGE_CONVERTED);
        assertThat(PipelineQueue.byLogicalName("nope")).isEmpty();
    }
}
