package dev.docpipe.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peak resident set of the largest sandbox process while a tool runs: every 100 ms each child
 * process of this JVM is asked for its high-water mark (VmHWM in /proc), so a process replaced
 * mid-run (killed at the time bound) still counts.
 */
final class SandboxMemory implements ToolRun.PeakMemory {

    private final AtomicLong peakKb = new AtomicLong();
    private volatile boolean running = true;
    private final Thread poller;

    private SandboxMemory() {
        poller = Thread.ofPlatform().daemon().name("sandbox-memory").start(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    static SandboxMemory start() {
        return new SandboxMemory();
    }

    void stop() {
        sample();
        running = false;
        poller.interrupt();
    }

    @Override
    public long peakKb() {
        sample();
        return peakKb.get();
    }

    private void sample() {
        ProcessHandle.current().children().forEach(child -> peakKb.accumulateAndGet(highWaterKb(child.pid()), Math::max));
    }

    private static long highWaterKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended between the listing and the read
        }
        return 0;
    }
}
