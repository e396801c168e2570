package dev.docpipe.core.messaging;

import dev.docpipe.contracts.DocumentScoped;
import dev.docpipe.core.audit.Outcome;
import io.awspring.cloud.sqs.listener.Visibility;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

/** One delivery of one message, from interception to acknowledgement. */
final class MessageRun {

    final String messageId;
    final String queue;
    final int attempt;
    /** The document (and page) the message concerns, or null for a message that names none. */
    final DocumentScoped scope;
    final long startNanos = System.nanoTime();
    volatile ScheduledFuture<?> heartbeat;
    /** The message's visibility, to hand it back at once if the service stops before the work ends. */
    volatile Visibility visibility;
    /** Set once the outcome is in the audit trail, so it is recorded exactly once. */
    volatile boolean settled;
    volatile Outcome outcome = Outcome.SUCCEEDED;
    volatile String note;
    /** The batch, when the work learnt it and the message does not carry it (S3 event notifications). */
    volatile UUID batchId;

    MessageRun(String messageId, String queue, int attempt, DocumentScoped scope) {
        this.messageId = messageId;
        this.queue = queue;
        this.attempt = attempt;
        this.scope = scope;
    }

    void stopHeartbeat() {
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
    }
}
