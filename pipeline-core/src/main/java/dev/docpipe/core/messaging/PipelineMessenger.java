package dev.docpipe.core.messaging;

import dev.docpipe.contracts.PipelineQueue;
import io.awspring.cloud.sqs.operations.SendResult;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import java.util.List;
import java.util.Map;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends requests to the next stage. Batches go out ten at a time (the SQS limit per call); a
 * partial failure throws, so the current message is retried and the whole batch resent, which is
 * safe because every consumer is idempotent. Every message carries the current trace context.
 */
public class PipelineMessenger {

    private static final int SQS_BATCH_LIMIT = 10;

    private final SqsTemplate sqs;
    private final QueueNames queues;
    private final TraceHeaders trace;

    public PipelineMessenger(SqsTemplate sqs, QueueNames queues) {
        this(sqs, queues, TraceHeaders.none());
    }

    public PipelineMessenger(SqsTemplate sqs, QueueNames queues, TraceHeaders trace) {
        this.sqs = sqs;
        this.queues = queues;
        this.trace = trace;
    }

    public void send(PipelineQueue queue, Object payload) {
        sqs.send(queues.of(queue), payload);
    }

    public <T> void sendAll(PipelineQueue queue, List<T> payloads) {
        String name = queues.of(queue);
        // The template observes (and so propagates the trace of) single sends only.
        Map<String, Object> traceHeaders = trace.current();
        for (int from = 0; from < payloads.size(); from += SQS_BATCH_LIMIT) {
            List<Message<T>> batch = payloads.subList(from, Math.min(from + SQS_BATCH_LIMIT, payloads.size())).stream()
                    .map(p -> MessageBuilder.withPayload(p).copyHeaders(traceHeaders).build())
                    .toList();
            SendResult.Batch<T> result = sqs.sendMany(name, batch);
            if (!result.failed().isEmpty()) {
                throw new IllegalStateException("%d of %d messages to %s were not accepted: %s".formatted(
                        result.failed().size(), batch.size(), name, result.failed().iterator().next().errorMessage()));
            }
        }
    }
}
