package dev.docpipe.core.messaging;

import dev.docpipe.core.control.BatchHeldException;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.core.failure.FailureClassifier;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import io.awspring.cloud.sqs.listener.errorhandler.ErrorHandler;

/**
 * The one error path of every listener. A rejected document is ended FAILED and its message
 * acknowledged, and a held batch's message is parked or dropped: the only cases in which this
 * handler returns normally. Every other failure
 * is rethrown, so the message is never deleted; its visibility is set to an exponential backoff by
 * receive count, and SQS moves it to the dead-letter queue after {@code maxReceiveCount}.
 */
class ListenerErrorHandler implements ErrorHandler<Object> {

    private static final Logger log = LoggerFactory.getLogger(ListenerErrorHandler.class);

    private final MessageLifecycle lifecycle;
    private final ListenerProperties properties;

    ListenerErrorHandler(MessageLifecycle lifecycle, ListenerProperties properties) {
        this.lifecycle = lifecycle;
        this.properties = properties;
    }

    @Override
    public void handle(Message<Object> message, Throwable failure) {
        MessageRun run = lifecycle.runOf(message);
        run.stopHeartbeat();
        Optional<BatchHeldException> held = BatchHeldException.in(failure);
        if (held.isPresent()) {
            try {
                lifecycle.hold(run, message.getPayload(), held.get());
                return;
            } catch (RuntimeException e) {
                // Could not park the message (database down?): it comes back after the backoff.
                failure.addSuppressed(e);
            }
        }
        Optional<DocumentRejectedException> rejection = FailureClassifier.rejection(failure);
        if (rejection.isPresent() && run.scope != null) {
            try {
                lifecycle.reject(run, rejection.get());
                return;
            } catch (RuntimeException e) {
                // Could not record the terminal state (database down?): retry the whole message.
                failure.addSuppressed(e);
            }
        }
        Duration delay = properties.backoffAfter(run.attempt);
        backOff(message, delay);
        Throwable cause = FailureClassifier.rootCause(failure);
        log.warn("Message {} failed on attempt {}, redelivery in {} s: {}", run.messageId, run.attempt, delay.toSeconds(), cause.toString(), failure);
        try {
            lifecycle.retrying(run, delay, cause);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    private static void backOff(Message<Object> message, Duration delay) {
        Object header = message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER);
        if (header instanceof Visibility visibility) {
            try {
                visibility.changeTo((int) delay.toSeconds());
            } catch (RuntimeException e) {
                log.warn("Could not set backoff visibility: {}", e.toString());
            }
        }
    }
}
