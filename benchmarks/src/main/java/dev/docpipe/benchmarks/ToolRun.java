package dev.docpipe.benchmarks;

import dev.docpipe.core.failure.DocumentRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tool over every input, {@code workers} at a time, timed as a whole: what it produced (pages,
 * bytes), how long it took, and the largest resident set any one of its processes reached.
 */
record ToolRun(String tool, int inputs, int pages, int failures, long nanos, long bytes, long peakRssKb, Map<String, Integer> why) {

    private static final Logger log = LoggerFactory.getLogger(ToolRun.class);

    double pagesPerSecond() {
        return pages / (nanos / 1e9);
    }

    long bytesPerPage() {
        return pages == 0 ? 0 : bytes / pages;
    }

    /** What one worker does with one input: the pages it wrote, or a failure. */
    interface Job {
        int run(Path input, Path output) throws Exception;
    }

    /** Two runs of the same tool on different inputs, as one. */
    ToolRun plus(ToolRun other) {
        Map<String, Integer> reasons = new ConcurrentSkipListMap<>(why);
        other.why.forEach((reason, count) -> reasons.merge(reason, count, Integer::sum));
        return new ToolRun(tool, inputs + other.inputs, pages + other.pages, failures + other.failures, nanos + other.nanos,
                bytes + other.bytes, Math.max(peakRssKb, other.peakRssKb), reasons);
    }

    static ToolRun measure(String tool, List<Path> inputs, int workers, Path outputRoot, Job job, PeakMemory memory) {
        return measure(tool, inputs, 0, workers, outputRoot, job, memory);
    }

    /** @param firstIndex the index of the first input in the whole set: outputs go to {@code outputRoot/tool/index} */
    static ToolRun measure(String tool, List<Path> inputs, int firstIndex, int workers, Path outputRoot, Job job, PeakMemory memory) {
        ConcurrentLinkedQueue<Integer> next = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < inputs.size(); i++) {
            next.add(i);
        }
        AtomicInteger pages = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Map<String, Integer> why = new ConcurrentSkipListMap<>();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().name(tool + "-" + w).start(() -> {
                for (Integer i = next.poll(); i != null; i = next.poll()) {
                    Path output = outputRoot.resolve(tool).resolve(Integer.toString(firstIndex + i));
                    try {
                        Files.createDirectories(output);
                        pages.addAndGet(job.run(inputs.get(i), output));
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        why.merge(e instanceof DocumentRejectedException r ? r.reason().name() : e.getClass().getSimpleName(), 1, Integer::sum);
                        log.warn("{} failed on {}: {}", tool, inputs.get(i).getFileName(), e.toString());
                    }
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        long nanos = System.nanoTime() - start;
        long bytes = 0;
        for (int i = 0; i < inputs.size(); i++) {
            bytes += bytesUnder(outputRoot.resolve(tool).resolve(Integer.toString(firstIndex + i)));
        }
        return new ToolRun(tool, inputs.size(), pages.get(), failures.get(), nanos, bytes, memory.peakKb(), why);
    }

    /** Where a tool's peak resident set comes from: GNU time for external tools, /proc for sandbox processes. */
    interface PeakMemory {
        long peakKb();
    }

    /**
     * Runs an external command under GNU {@code time}, which reports the child's peak resident
     * set, and counts the PNG files it wrote. Exit codes are judged by {@code ok}.
     */
    static final class External implements Job, PeakMemory {
        private final Function<Path[], List<String>> command;
        private final AtomicLong peakKb = new AtomicLong();
        private final long timeoutSeconds;

        External(Function<Path[], List<String>> command, long timeoutSeconds) {
            this.command = command;
            this.timeoutSeconds = timeoutSeconds;
        }

        @Override
        public int run(Path input, Path output) throws Exception {
            Path rss = output.resolve("rss.txt");
            List<String> line = new ArrayList<>(List.of("time", "-f", "%M", "-o", rss.toString()));
            line.addAll(command.apply(new Path[] {input, output}));
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            peakKb.accumulateAndGet(readKb(rss), Math::max);
            Files.deleteIfExists(rss);
            try (Stream<Path> files = Files.list(output)) {
                return (int) files.filter(f -> f.toString().endsWith(".png")).count();
            }
        }

        @Override
        public long peakKb() {
            return peakKb.get();
        }

        private static long readKb(Path rss) {
            try {
                List<String> lines = Files.readAllLines(rss);
                // A killed child makes time print a note first; the figure is the last line.
                return lines.isEmpty() ? 0 : Long.parseLong(lines.getLast().trim());
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
        }
    }

    static long bytesUnder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".png")).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
