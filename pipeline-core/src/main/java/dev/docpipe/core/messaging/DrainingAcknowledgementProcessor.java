package dev.docpipe.core.messaging;

import io.awspring.cloud.sqs.listener.ContainerOptions;
import io.awspring.cloud.sqs.listener.acknowledgement.AbstractOrderingAcknowledgementProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * Batches the deletes of finished messages as Spring Cloud AWS's own processor does (a batch
 * call once {@code threshold} wait, and every {@code interval} for the rest), and, unlike it,
 * sends every waiting delete when the container stops. Its processor flushes on a timer that
 * stops rescheduling itself once the container stops, so a delete that reaches its buffer after
 * the timer's last run is dropped: on a loaded machine the last messages of every graceful stop
 * came back after their visibility timeout although their work was done.
 */
final class DrainingAcknowledgementProcessor<T> extends AbstractOrderingAcknowledgementProcessor<T> {

    private static final Logger log = LoggerFactory.getLogger(DrainingAcknowledgementProcessor.class);

    private final LinkedBlockingQueue<Message<T>> waiting = new LinkedBlockingQueue<>();
    private final Set<CompletableFuture<Void>> sending = ConcurrentHashMap.newKeySet();
    private final Object draining = new Object();
    private Duration interval;
    private int threshold;
    private Duration shutdownTimeout;
    private ScheduledExecutorService timer;

    @Override
    protected void doConfigure(ContainerOptions<?, ?> options) {
        interval = options.getAcknowledgementInterval();
        threshold = Math.max(1, options.getAcknowledgementThreshold());
        shutdownTimeout = options.getAcknowledgementShutdownTimeout();
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(getId() + "-acknowledgements").daemon().factory());
        long period = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(() -> send(1), period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    protected CompletableFuture<Void> doOnAcknowledge(Message<T> message) {
        waiting.add(message);
        if (waiting.size() >= threshold) {
            send(threshold);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    protected CompletableFuture<Void> doOnAcknowledge(Collection<Message<T>> messages) {
        messages.forEach(this::doOnAcknowledge);
        return CompletableFuture.completedFuture(null);
    }

    /** Sends the waiting deletes in batches while at least {@code atLeast} wait. */
    private void send(int atLeast) {
        synchronized (draining) {
            while (!waiting.isEmpty() && waiting.size() >= atLeast) {
                List<Message<T>> batch = new ArrayList<>(threshold);
                waiting.drainTo(batch, threshold);
                CompletableFuture<Void> call = sendToExecutor(batch);
                sending.add(call);
                call.whenComplete((ok, e) -> sending.remove(call));
            }
        }
    }

    /**
     * Sends everything still waiting and waits up to the acknowledgement shutdown timeout for the
     * calls. The container stops this only after its source drained, when no listener thread can
     * add more.
     */
    @Override
    protected void doStop() {
        timer.shutdownNow();
        send(1);
        CompletableFuture<?>[] calls = sending.toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(calls).get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            log.warn("{}: {} delete calls unanswered after {} ms; those messages return after their visibility timeout", getId(),
                    sending.size(), shutdownTimeout.toMillis());
        } catch (ExecutionException e) {
            log.warn("{}: a delete call failed while stopping; its messages return after their visibility timeout: {}", getId(),
                    e.getCause().toString());
        }
    }
}
