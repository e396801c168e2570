package dev.docpipe.core.messaging;

import dev.docpipe.contracts.PipelineQueue;
import io.awspring.cloud.sqs.operations.SendResult;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends requests to the next stage. Batches go out ten at a time (the SQS limit per call), up to
 * {@value #CALLS_IN_FLIGHT} calls at once, so a thousand messages take the time of ten round trips
 * rather than a hundred; a partial failure throws once every call has answered, so the current
 * message is retried and the whole batch resent, which is safe because every consumer is
 * idempotent. Every message carries the current trace context.
 */
public class PipelineMessenger {

    private static final int SQS_BATCH_LIMIT = 10;
    /** SendMessageBatch calls of one {@link #sendAll} in flight at once; the async client pools 50 connections. */
    static final int CALLS_IN_FLIGHT = 16;

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
        Semaphore slots = new Semaphore(CALLS_IN_FLIGHT);
        List<CompletableFuture<SendResult.Batch<T>>> calls = new ArrayList<>();
        try {
            for (int from = 0; from < payloads.size(); from += SQS_BATCH_LIMIT) {
                List<Message<T>> batch = payloads.subList(from, Math.min(from + SQS_BATCH_LIMIT, payloads.size())).stream()
                        .map(p -> MessageBuilder.withPayload(p).copyHeaders(traceHeaders).build())
                        .toList();
                slots.acquire();
                calls.add(sqs.sendManyAsync(name, batch).whenComplete((result, error) -> slots.release()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + name, e);
        } finally {
            // Every call answers before this returns or throws: no send outlives the caller's attempt.
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        }
        int failed = 0;
        String firstError = null;
        for (CompletableFuture<SendResult.Batch<T>> call : calls) {
            SendResult.Batch<T> result = call.join();
            if (!result.failed().isEmpty()) {
                failed += result.failed().size();
                firstError = firstError != null ? firstError : result.failed().iterator().next().errorMessage();
            }
        }
        if (failed > 0) {
            throw new IllegalStateException("%d of %d messages to %s were not accepted: %s".formatted(
                    failed, payloads.size(), name, firstError));
        }
    }
}
