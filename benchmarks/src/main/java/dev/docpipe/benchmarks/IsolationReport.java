package dev.docpipe.benchmarks;

import dev.docpipe.benchmarks.IsolationBenchmark.Doc;
import dev.docpipe.benchmarks.IsolationBenchmark.Mode;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** What {@link IsolationBenchmark} prints: the set-up, the screening, each round, and the medians as ratios. */
final class IsolationReport {

    private static final Mode IN = Mode.IN_PROCESS;
    private static final Mode ISO = Mode.ISOLATED;

    private final PrintStream out;
    private final IsolationOptions options;

    IsolationReport(PrintStream out, IsolationOptions options) {
        this.out = out;
        this.options = options;
    }

    void header(int found, int generated) {
        out.printf("docpipe isolation benchmark: inspect every file, render page 1 at %d dpi;"
                + " sandbox enabled (isolated) vs disabled (in-process)%n", options.dpi());
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        out.printf("java %s, %d cpus; this JVM: max heap %d MB, %s%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, gcs);
        out.printf("sandbox: 1 process (tasks run one at a time), -Xmx%dm serial GC, replaced every %d tasks%s; bound %d ms per task%n",
                options.heap().toMegabytes(), options.tasksPerProcess(),
                options.sandboxJvmOptions().isEmpty() ? "" : ", options " + String.join(" ", options.sandboxJvmOptions()),
                options.bound().toMillis());
        out.printf("files: %d in %s, %d generated%n", found, options.folder(), generated);
        out.printf("load average at start: %s; this JVM's log: %s%n", Figures.loadAverage(),
                System.getProperty("benchmark.log", "isolation-benchmark.log"));
    }

    void screened(List<Doc> docs, Map<String, List<Path>> excluded, long nanos) {
        int count = excluded.values().stream().mapToInt(List::size).sum();
        out.printf("screened in %.1f s (untimed, both modes; it also warms both up)%n", nanos / 1e9);
        out.printf("excluded: %d files that fail in either mode%n", count);
        excluded.forEach((reason, files) -> out.printf("  %3d  %-40s e.g. %s%n", files.size(), reason,
                files.stream().limit(2).map(f -> f.getFileName().toString()).collect(Collectors.joining(", "))));
        out.printf("timed: %d files (%d pages among them), page 1 of each rendered; %d round(s) of warm-up, then %d timed%n",
                docs.size(), docs.stream().mapToLong(Doc::pages).sum(), options.warmUpRounds(), options.rounds());
    }

    void warmedUp(Round round) {
        out.printf("warm-up:  %s%n", line(round));
    }

    void round(int number, Round round) {
        out.printf("round %d:  %s%n", number, line(round));
    }

    private String line(Round r) {
        return "inspect %.1f | %.1f files/s (%.2f)   render %.2f | %.2f pages/s (%.2f)   [in-process | isolated (ratio)]%s".formatted(
                r.inspectFilesPerSecond(IN), r.inspectFilesPerSecond(ISO), r.inspectFilesPerSecond(ISO) / r.inspectFilesPerSecond(IN),
                r.renderPagesPerSecond(IN), r.renderPagesPerSecond(ISO), r.renderPagesPerSecond(ISO) / r.renderPagesPerSecond(IN),
                r.unstable() == 0 ? "" : "   %d file(s) failed this time, left out".formatted(r.unstable()));
    }

    /**
     * @param tasksBefore sandbox tasks before the timed rounds
     * @param tasksAfter  and after them: from these, how many process replacements fell in the rounds
     */
    void summary(List<Round> rounds, long tasksBefore, long tasksAfter, int abandonedThreads) {
        Round first = rounds.getFirst();
        int every = options.tasksPerProcess();
        out.printf("%nmedian of %d rounds over %d files (%d pages rendered per mode per round)%n",
                rounds.size(), first.files(), first.pagesRendered());
        // Replacements are part of the cost of isolation: each is a JVM start and a cold JIT.
        out.printf("sandbox tasks in the timed rounds: %d; with a process replaced every %d tasks, about %d replacement(s) fell in them%n",
                tasksAfter - tasksBefore, every, tasksAfter / every - tasksBefore / every);
        out.printf("%-20s %12s %12s %22s%n", "", "in-process", "isolated", "isolated/in-process");
        row(rounds, "inspect   files/s", r -> r.inspectFilesPerSecond(IN), r -> r.inspectFilesPerSecond(ISO));
        row(rounds, "render    pages/s", r -> r.renderPagesPerSecond(IN), r -> r.renderPagesPerSecond(ISO));
        row(rounds, "both      files/s", r -> r.filesPerSecond(IN), r -> r.filesPerSecond(ISO));
        out.printf("%-20s %12.2f %12.2f %+19.2f ms  overhead per inspection%n", "inspect   ms/file",
                Figures.median(rounds, r -> r.inspectMillisPerFile(IN)), Figures.median(rounds, r -> r.inspectMillisPerFile(ISO)),
                Figures.median(rounds, r -> r.inspectMillisPerFile(ISO) - r.inspectMillisPerFile(IN)));
        out.printf("%-20s %12.2f %12.2f %+19.2f ms  overhead per render%n", "render    ms/page",
                Figures.median(rounds, r -> r.renderMillisPerPage(IN)), Figures.median(rounds, r -> r.renderMillisPerPage(ISO)),
                Figures.median(rounds, r -> r.renderMillisPerPage(ISO) - r.renderMillisPerPage(IN)));
        out.println("(each figure is the median of its per-round values; a ratio below 1 is the share of in-process throughput kept)");
        Round all = Round.pooled(rounds);
        out.printf("all rounds pooled, replacements included: both %.2f | %.2f files/s (%.3f);"
                + " overhead %+.2f ms per inspection, %+.2f ms per render%n",
                all.filesPerSecond(IN), all.filesPerSecond(ISO), all.filesPerSecond(ISO) / all.filesPerSecond(IN),
                all.inspectMillisPerFile(ISO) - all.inspectMillisPerFile(IN), all.renderMillisPerPage(ISO) - all.renderMillisPerPage(IN));
        out.printf("load average at end: %s%n", Figures.loadAverage());
        if (abandonedThreads > 0) {
            out.printf("WARNING: %d in-process task(s) ran past the bound and still occupy a core: figures after that are disturbed%n",
                    abandonedThreads);
        }
    }

    private void row(List<Round> rounds, String label, ToDoubleFunction<Round> inProcess, ToDoubleFunction<Round> isolated) {
        out.printf("%-20s %12.2f %12.2f %22.3f%n", label, Figures.median(rounds, inProcess), Figures.median(rounds, isolated),
                Figures.median(rounds, r -> isolated.applyAsDouble(r) / inProcess.applyAsDouble(r)));
    }
}
