package dev.docpipe.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The peak resident memory of processes, read from Linux's {@code /proc/<pid>/status}
 * ({@code VmHWM}, the high-water mark the kernel keeps), polled while they run: the last reading
 * before a process exits is its peak, within one polling interval of growth.
 */
final class PeakRss {

    private static final long POLL_MILLIS = 20;

    private final Map<Long, Long> peakKb = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean stopped;

    private PeakRss(Supplier<Set<Long>> pids) {
        poller = Thread.ofPlatform().daemon().name("peak-rss").start(() -> {
            while (!stopped) {
                for (long pid : pids.get()) {
                    long kb = highWaterMarkKb(pid);
                    if (kb > 0) {
                        peakKb.merge(pid, kb, Math::max);
                    }
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    static PeakRss watch(Supplier<Set<Long>> pids) {
        return new PeakRss(pids);
    }

    /** Every process this JVM started and that still runs: while docpipe splits, its sandbox process. */
    static Set<Long> children() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** @return the largest peak of any process watched, in KiB */
    long stop() throws InterruptedException {
        stopped = true;
        poller.join();
        return peakKb.values().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    private static long highWaterMarkKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has exited, or this is not Linux
        }
        return -1;
    }
}
