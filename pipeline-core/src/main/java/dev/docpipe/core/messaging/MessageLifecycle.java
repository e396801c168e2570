package dev.docpipe.core.messaging;

import dev.docpipe.contracts.DocumentScoped;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.AuditEvent;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.audit.Outcome;
import dev.docpipe.core.control.BatchGate;
import dev.docpipe.core.control.BatchHeldException;
import dev.docpipe.core.control.BatchHold;
import dev.docpipe.core.control.ParkedMessages;
import dev.docpipe.core.ledger.DocumentLedger;
import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.messaging.Message;

/**
 * The per-message bookkeeping every listener shares: the log context, the visibility heartbeat
 * and the audit row for the outcome. The interceptor and the error handler are thin shells around
 * it.
 */
public class MessageLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MessageLifecycle.class);
    private static final String[] MDC_KEYS = {"messageId", "queue", "attempt", "batchId", "documentId", "page"};

    private final Map<String, MessageRun> runs = new ConcurrentHashMap<>();
    private final Stage stage;
    private final VisibilityTimeouts visibilityTimeouts;
    private final AuditRecorder audit;
    private final DocumentLedger ledger;
    private final ScheduledExecutorService scheduler;
    private final boolean heartbeat;
    private final PipelineMetrics metrics;
    private final QueueNames queues;
    private final BatchGate gate;
    private final ParkedMessages parked;

    MessageLifecycle(Stage stage, VisibilityTimeouts visibilityTimeouts, AuditRecorder audit, DocumentLedger ledger,
            ScheduledExecutorService scheduler, boolean heartbeat, PipelineMetrics metrics, QueueNames queues, BatchGate gate,
            ParkedMessages parked) {
        this.queues = queues;
        this.gate = gate;
        this.parked = parked;
        this.stage = stage;
        this.visibilityTimeouts = visibilityTimeouts;
        this.audit = audit;
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.heartbeat = heartbeat;
        this.metrics = metrics;
    }

    MessageRun begin(Message<?> message) {
        String queue = message.getHeaders().get(SqsHeaders.SQS_QUEUE_NAME_HEADER, String.class);
        Object count = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT);
        int attempt = count == null ? 1 : Integer.parseInt(count.toString());
        MessageRun run = new MessageRun(MessageHeaderUtils.getId(message), queue, attempt, scopeOf(message.getPayload()));
        if (message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER) instanceof Visibility visibility) {
            run.visibility = visibility;
        }
        runs.put(run.messageId, run);
        putMdc(run);
        StageContext.bind(run);
        sentAt(message).ifPresent(sent -> metrics.received(queue, Duration.between(sent, Instant.now())));
        if (heartbeat) {
            startHeartbeat(run, message);
        }
        return run;
    }

    /**
     * Lets a message's work start unless its batch is held (paused or cancelled): then
     * {@link BatchHeldException} goes to the error handler, which parks or drops the message.
     * Dead letters always pass: the failsafe worker settles them whatever the batch.
     */
    void admit(Message<?> message) {
        MessageRun run = runOf(message);
        if (run.scope == null || run.queue == null || queues.isDeadLetterQueue(run.queue) || queues.find(run.queue).isEmpty()) {
            return;
        }
        gate.admit(run.scope.batchId(), () -> ledger.batchOf(run.scope.documentId()).orElse(null));
    }

    /** A held batch's message: parked until the batch resumes, or dropped if it was cancelled. */
    void hold(MessageRun run, Object payload, BatchHeldException held) {
        run.batchId = held.batchId();
        if (held.hold() == BatchHold.PAUSED) {
            parked.park(held.batchId(), queues.find(run.queue).orElseThrow(), payload);
            settle(run, Outcome.PARKED, "batch paused: message parked until the batch resumes");
        } else {
            settle(run, Outcome.SKIPPED, "batch cancelled: message dropped");
        }
    }

    /** The run of a message in progress; a fresh one if the interceptor did not see it. */
    MessageRun runOf(Message<?> message) {
        MessageRun run = runs.get(MessageHeaderUtils.getId(message));
        return run != null ? run : begin(message);
    }

    void end(Message<?> message) {
        MessageRun run = runs.remove(MessageHeaderUtils.getId(message));
        if (run != null) {
            run.stopHeartbeat();
            settle(run, run.outcome, run.note);
        }
        StageContext.clear();
        for (String key : MDC_KEYS) {
            MDC.remove(key);
        }
    }

    /**
     * Hands back every message whose work has not ended: the heartbeat stops and the message's
     * visibility drops to zero, so another worker receives it at once instead of after the
     * visibility timeout. Called when the service stops, after the listener containers have
     * stopped polling and waited for the work in progress. Nothing of the unfinished work counts
     * as done: a stage's state moves in the transaction that ends it, and the redelivery repeats
     * whatever ran, idempotently.
     *
     * @return how many messages were handed back
     */
    int releaseUnfinished() {
        int released = 0;
        for (MessageRun run : runs.values()) {
            run.stopHeartbeat();
            Visibility visibility = run.visibility;
            if (visibility == null) {
                continue;
            }
            try {
                visibility.changeTo(0);
                released++;
                log.warn("Stopping with message {} of {} unfinished: handed back for another worker", run.messageId, run.queue);
            } catch (RuntimeException e) {
                log.warn("Could not hand back message {} of {}; it returns after its visibility timeout: {}", run.messageId,
                        run.queue, e.toString());
            }
        }
        return released;
    }

    /** Ends the document FAILED for a reason retrying cannot fix, and records it once. */
    void reject(MessageRun run, dev.docpipe.core.failure.DocumentRejectedException rejection) {
        boolean transitioned = ledger.fail(run.scope.documentId(), stage, rejection.reason(), rejection.getMessage());
        String detail = rejection.reason() + ": " + rejection.getMessage() + (transitioned ? "" : " (document already terminal)");
        settle(run, Outcome.FAILED, detail);
        metrics.failed(rejection.reason().name());
        log.warn("Document rejected: {}", detail);
    }

    void retrying(MessageRun run, Duration delay, Throwable cause) {
        metrics.failed(cause.getClass().getSimpleName());
        settle(run, Outcome.RETRYING, "retry in %ds: %s".formatted(delay.toSeconds(), cause));
    }

    private void settle(MessageRun run, Outcome outcome, String detail) {
        if (run.settled) {
            return;
        }
        run.settled = true;
        Duration took = Duration.ofNanos(System.nanoTime() - run.startNanos);
        metrics.handled(run.queue, outcome, took, run.scope != null && run.scope.pageNumber() > 0);
        log.debug("{} {} in {} ms{}", stage, outcome, took.toMillis(), detail == null ? "" : ": " + detail);
        if (run.scope == null) {
            return;
        }
        DocumentScoped scope = run.scope;
        // S3 event notifications name no batch; the audit trail joins on it, so look it up.
        UUID batchId = scope.batchId() != null ? scope.batchId()
                : run.batchId != null ? run.batchId
                : ledger.batchOf(scope.documentId()).orElse(null);
        audit.record(new AuditEvent(batchId, scope.documentId(), scope.pageNumber(), stage, outcome, run.attempt,
                took, detail, Instant.now()));
    }

    private void startHeartbeat(MessageRun run, Message<?> message) {
        Object header = message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER);
        if (!(header instanceof Visibility visibility) || run.queue == null) {
            return;
        }
        // Extend at half the timeout, so one slow or lost extension call still leaves time for the next.
        String queueUrl = message.getHeaders().get(SqsHeaders.SQS_QUEUE_URL_HEADER, String.class);
        int timeoutSeconds = (int) visibilityTimeouts.of(run.queue, queueUrl).toSeconds();
        long period = Math.max(1, timeoutSeconds / 2);
        run.heartbeat = scheduler.scheduleAtFixedRate(() -> visibility.changeToAsync(timeoutSeconds)
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        log.warn("Visibility heartbeat for message {} failed: {}", run.messageId, e.toString());
                    }
                }), period, period, TimeUnit.SECONDS);
    }

    /** When SQS accepted the message (its SentTimestamp system attribute, epoch millis). */
    private static Optional<Instant> sentAt(Message<?> message) {
        Object sent = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_SENT_TIMESTAMP);
        try {
            return sent == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(sent.toString())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static DocumentScoped scopeOf(Object payload) {
        if (payload instanceof DocumentScoped scoped) {
            try {
                scoped.documentId();
                return scoped;
            } catch (RuntimeException e) {
                return null; // a message that names no valid document, e.g. a foreign S3 key
            }
        }
        return null;
    }

    private static void putMdc(MessageRun run) {
        MDC.put("messageId", run.messageId);
        MDC.put("queue", run.queue);
        MDC.put("attempt", Integer.toString(run.attempt));
        if (run.scope != null) {
            UUID batch = run.scope.batchId();
            if (batch != null) {
                MDC.put("batchId", batch.toString());
            }
            MDC.put("documentId", run.scope.documentId().toString());
            if (run.scope.pageNumber() > 0) {
                MDC.put("page", Integer.toString(run.scope.pageNumber()));
            }
        }
    }
}
