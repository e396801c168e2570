package dev.docpipe.benchmarks;

import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.RenderLimits;
import dev.docpipe.core.isolation.DocumentSandbox;
import dev.docpipe.core.isolation.SandboxProperties;
import dev.docpipe.core.isolation.SandboxTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.unit.DataSize;

/**
 * Splitting a large PDF into parts of N pages, docpipe against {@code qpdf --split-pages=N}, in
 * the same run on the same file: pages per second, peak resident memory of the process that
 * splits, docpipe's peak heap (from the sandbox's GC log) and the bytes written. docpipe splits as
 * the workers do, in a sandbox process with its heap cap, writing parts within the window while
 * this JVM takes each away as the service would upload it.
 */
public final class SplitBenchmark {

    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final int WINDOW = 4;

    private final SplitOptions options;

    private SplitBenchmark(SplitOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "benchmark-logback.xml");
        }
        if (List.of(args).contains("--help")) {
            System.out.println(SplitOptions.USAGE);
            return;
        }
        SplitOptions options;
        try {
            options = SplitOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SplitOptions.USAGE);
            System.exit(2);
            return;
        }
        new SplitBenchmark(options).run();
        System.exit(0);
    }

    /** One split: how long, how much memory, how many bytes out. */
    record Result(String who, int pages, int parts, Duration wall, long peakRssKb, long peakHeapMb, long bytes) {
        double pagesPerSecond() {
            return pages / (wall.toNanos() / 1e9);
        }
    }

    private void run() throws Exception {
        Files.createDirectories(options.work());
        Path document = options.source();
        if (document == null) {
            System.out.printf("generating: corpus %s x%d, %d image pages of %s ...%n", options.corpus(), options.copies(),
                    options.imagePages(), options.imageSize());
            long start = System.nanoTime();
            document = LargeDocument.build(options, options.work().resolve("input"));
            System.out.printf("generated in %.0f s%n", (System.nanoTime() - start) / 1e9);
        }
        long size = Files.size(document);
        // Both read the file from the page cache, not one from the disk and the other from memory.
        LargeDocument.run(List.of("cat", document.toString()));
        List<Result> qpdf = new ArrayList<>();
        List<Result> docpipe = new ArrayList<>();
        int pages = 0;
        Path kept = options.work().resolve("kept");
        for (int round = 1; round <= options.rounds(); round++) {
            qpdf.add(qpdf(document, round));
            Result ours = docpipe(document, size, round, kept);
            docpipe.add(ours);
            pages = ours.pages();
        }
        SplitReport report = new SplitReport(System.out);
        report.header(document, size, pages, options);
        for (int i = 0; i < qpdf.size(); i++) {
            report.round(i + 1, qpdf.get(i), docpipe.get(i));
        }
        report.summary(qpdf, docpipe);
        report.verified(options.verifyPages(), PageComparison.compare(document, kept, options.pagesPerPart()));
        FileSystemUtils.deleteRecursively(kept);
    }

    private Result qpdf(Path document, int round) throws IOException, InterruptedException {
        Path out = options.work().resolve("qpdf-" + round);
        FileSystemUtils.deleteRecursively(out);
        Files.createDirectories(out);
        long start = System.nanoTime();
        Process process = new ProcessBuilder("qpdf", "--split-pages=" + options.pagesPerPart(), document.toString(),
                out.resolve("part.pdf").toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        PeakRss rss = PeakRss.watch(() -> Set.of(process.pid()));
        int exit = process.waitFor();
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        long peak = rss.stop();
        if (exit != 0 && exit != 3) {
            throw new IllegalStateException("qpdf exited " + exit);
        }
        long bytes;
        int parts;
        try (Stream<Path> files = Files.list(out)) {
            List<Path> all = files.toList();
            parts = all.size();
            bytes = all.stream().mapToLong(SplitBenchmark::sizeOf).sum();
        }
        FileSystemUtils.deleteRecursively(out);
        int pages = Integer.parseInt(new String(new ProcessBuilder("qpdf", "--show-npages", document.toString()).start()
                .getInputStream().readAllBytes()).trim());
        return new Result("qpdf", pages, parts, wall, peak, 0, bytes);
    }

    private Result docpipe(Path document, long size, int round, Path kept) throws Exception {
        Path out = options.work().resolve("docpipe-" + round);
        FileSystemUtils.deleteRecursively(out);
        Files.createDirectories(out);
        Path gcLog = options.work().resolve("gc-%d.log".formatted(round));
        Files.deleteIfExists(gcLog);
        SandboxProperties properties = new SandboxProperties(true, 1, options.heap(), 500, Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofSeconds(1), Duration.ofMinutes(1), List.of("-Xlog:gc:file=" + gcLog), false, false);
        DocumentSandbox sandbox = DocumentSandbox.create(properties, new DocumentLimits(DataSize.ofGigabytes(5), 100_000),
                new RenderLimits(10_000, 36), out);
        try {
            // Untimed: starts the process and counts the pages, as the orchestrator did before.
            int pages = sandbox.inspect(document, size).pages();
            List<SandboxTask.Part> parts = new ArrayList<>();
            for (int first = 1; first <= pages; first += options.pagesPerPart()) {
                int last = Math.min(pages, first + options.pagesPerPart() - 1);
                parts.add(new SandboxTask.Part(first, last, out.resolve("part-%d-%d.pdf".formatted(first, last)).toString()));
            }
            Set<Integer> sampled = PageComparison.sample(pages, options.verifyPages());
            FileSystemUtils.deleteRecursively(kept);
            Files.createDirectories(kept);
            long start = System.nanoTime();
            PeakRss rss = PeakRss.watch(PeakRss::children);
            CompletableFuture<Void> split = CompletableFuture.runAsync(() -> sandbox.split(document, size, pages, parts, WINDOW));
            long bytes = 0;
            for (SandboxTask.Part part : parts) {
                Path file = Path.of(part.output());
                while (!Files.exists(file)) {
                    if (split.isDone()) {
                        split.join();
                        throw new IllegalStateException("no part " + file);
                    }
                    Thread.sleep(1);
                }
                bytes += Files.size(file);
                // As the service uploads and deletes each part; a few are kept to compare renderings.
                if (sampled.stream().anyMatch(p -> p >= part.firstPage() && p <= part.lastPage())) {
                    Files.move(file, kept.resolve(file.getFileName()));
                } else {
                    Files.delete(file);
                }
            }
            split.join();
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            long peak = rss.stop();
            return new Result("docpipe", pages, parts.size(), wall, peak, peakHeapMb(gcLog), bytes);
        } finally {
            sandbox.destroy();
            FileSystemUtils.deleteRecursively(out);
        }
    }

    /** The most heap in use before any collection, from the sandbox's GC log. */
    private static long peakHeapMb(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return -1;
        }
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_HEAP.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
