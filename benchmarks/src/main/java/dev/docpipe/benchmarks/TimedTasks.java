package dev.docpipe.benchmarks;

import dev.docpipe.core.failure.DocumentRejectedException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs document tasks one at a time on a thread of their own, timing each and bounding how long
 * the benchmark waits for it. Both modes go through here, so they pay the same hand-off. The
 * sandbox's watchdog kills a hung task itself; an in-process one cannot be killed, so its thread
 * is abandoned (it keeps a core busy, which {@link #abandoned()} lets the report say).
 */
final class TimedTasks implements AutoCloseable {

    /** How a task ended: its time and what it returned, or why it failed. */
    record Outcome<T>(long nanos, T value, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private final Duration bound;
    private ExecutorService thread = newThread();
    private int abandoned;

    TimedTasks(Duration bound) {
        this.bound = bound;
    }

    <T> Outcome<T> run(Callable<T> task) {
        Future<Outcome<T>> future = thread.submit(() -> timed(task));
        try {
            // The sandbox gives up at the bound itself; the margin lets it report TIMEOUT first.
            return future.get(bound.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            thread.shutdownNow();
            thread = newThread();
            abandoned++;
            return new Outcome<>(0, null, "TIMEOUT (thread abandoned)");
        } catch (ExecutionException e) {
            return new Outcome<>(0, null, e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static <T> Outcome<T> timed(Callable<T> task) {
        long start = System.nanoTime();
        try {
            T value = task.call();
            return new Outcome<>(System.nanoTime() - start, value, null);
        } catch (DocumentRejectedException e) {
            return new Outcome<>(System.nanoTime() - start, null, e.reason().name());
        } catch (Exception e) {
            return new Outcome<>(System.nanoTime() - start, null, e.getClass().getSimpleName());
        }
    }

    int abandoned() {
        return abandoned;
    }

    private static ExecutorService newThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "benchmark-task");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
