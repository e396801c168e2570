package dev.docpipe.core.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work a service repeats on its own thread while it runs (polling overdue jobs, reconciling
 * batches, watching dead-letter queues): started with the context, stopped before the context
 * closes, never two runs at once, and a failed run only logged, so the next one still comes. Its
 * own thread keeps slow runs away from the listeners' visibility heartbeats.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration interval;
    private final boolean runAtStart;
    private ScheduledExecutorService timer;

    protected PeriodicTask(String name, Duration interval) {
        this(name, interval, false);
    }

    /** @param runAtStart whether the first run comes as the service starts, rather than one interval later */
    protected PeriodicTask(String name, Duration interval, boolean runAtStart) {
        this.name = name;
        this.interval = interval;
        this.runAtStart = runAtStart;
    }

    /** One run; an exception is logged and the next run comes at its time. */
    protected abstract void runOnce();

    private void guardedRun() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("{} failed; it runs again in {}", name, interval, e);
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
        long period = interval.toMillis();
        timer.scheduleWithFixedDelay(this::guardedRun, runAtStart ? 0 : period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
