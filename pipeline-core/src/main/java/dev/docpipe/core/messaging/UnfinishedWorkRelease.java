package dev.docpipe.core.messaging;

import org.springframework.context.SmartLifecycle;

/**
 * The graceful stop's last step for messages (ECS scale-in, a deploy, SIGTERM): the listener
 * containers stop first (phase {@code Integer.MAX_VALUE}: they stop polling and wait up to
 * {@code spring.cloud.aws.sqs.listener.shutdown-timeout} for the work in progress), then this
 * hands back whatever is still unfinished ({@link MessageLifecycle#releaseUnfinished}), before
 * the audit recorder flushes and the connections close.
 */
class UnfinishedWorkRelease implements SmartLifecycle {

    private final MessageLifecycle lifecycle;
    private volatile boolean running;

    UnfinishedWorkRelease(MessageLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        lifecycle.releaseUnfinished();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops right after the listener containers. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
