package dev.docpipe.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/** Deletes are batched by count and time, and none is left behind when the container stops. */
class DrainingAcknowledgementProcessorTest {

    /** What the delete calls carried, one list per DeleteMessageBatch call. */
    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();

    @Test
    void aStopSendsTheDeletesStillWaitingForTheirBatch() {
        DrainingAcknowledgementProcessor<String> processor = started(Duration.ofHours(1), 10);
        processor.onAcknowledge(messages(3));
        assertThat(calls).as("three of ten, and the hour not over: still waiting").isEmpty();

        processor.stop();

        assertThat(calls).containsExactly(List.of("m0", "m1", "m2"));
        assertThat(answered).as("the stop waited for SQS's answer").hasValue(1);
    }

    @Test
    void aFullBatchGoesAtOnceInCallsOfAtMostTen() {
        DrainingAcknowledgementProcessor<String> processor = started(Duration.ofHours(1), 10);
        processor.onAcknowledge(messages(25));
        assertThat(calls).hasSize(2).allSatisfy(call -> assertThat(call).hasSize(10));

        processor.stop();

        assertThat(calls).hasSize(3);
        assertThat(calls.get(2)).hasSize(5);
    }

    @Test
    void theRestGoesWhenTheIntervalIsOver() {
        DrainingAcknowledgementProcessor<String> processor = started(Duration.ofMillis(100), 10);
        processor.onAcknowledge(messages(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> !calls.isEmpty());
        assertThat(calls).containsExactly(List.of("m0"));
        processor.stop();
        assertThat(calls).hasSize(1);
    }

    @Test
    void theComponentsBatchByDefaultAndAckImmediatelyWhenAskedTo() {
        AcknowledgementProcessor<Object> batching = new PipelineSqsComponents<>().createAcknowledgementProcessor(SqsContainerOptions.builder().build());
        assertThat(batching).isInstanceOf(DrainingAcknowledgementProcessor.class);
        AcknowledgementProcessor<Object> immediate = new PipelineSqsComponents<>().createAcknowledgementProcessor(
                SqsContainerOptions.builder().acknowledgementInterval(Duration.ZERO).acknowledgementThreshold(0).build());
        assertThat(immediate).isNotInstanceOf(DrainingAcknowledgementProcessor.class);
    }

    private DrainingAcknowledgementProcessor<String> started(Duration interval, int threshold) {
        var processor = (DrainingAcknowledgementProcessor<String>) new PipelineSqsComponents<String>().createAcknowledgementProcessor(
                SqsContainerOptions.builder().acknowledgementInterval(interval).acknowledgementThreshold(threshold).build());
        processor.setId("test");
        processor.setAcknowledgementExecutor(this::delete);
        processor.start();
        return processor;
    }

    private CompletableFuture<Void> delete(Collection<Message<String>> messages) {
        calls.add(messages.stream().map(Message::getPayload).toList());
        // The answer comes later, as SQS's does.
        return CompletableFuture.runAsync(answered::incrementAndGet, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
    }

    private static List<Message<String>> messages(int count) {
        return IntStream.range(0, count).mapToObj(i -> MessageBuilder.withPayload("m" + i).build()).toList();
    }
}
