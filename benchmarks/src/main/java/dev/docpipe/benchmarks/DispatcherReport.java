package dev.docpipe.benchmarks;

import dev.docpipe.benchmarks.DispatcherBenchmark.Round;
import dev.docpipe.benchmarks.DispatcherBenchmark.Run;
import java.io.PrintStream;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** What {@link DispatcherBenchmark} prints: the set-up, each round, the medians as a ratio, and where the time goes. */
final class DispatcherReport {

    private final PrintStream out;
    private final DispatcherOptions options;

    DispatcherReport(PrintStream out, DispatcherOptions options) {
        this.out = out;
        this.options = options;
    }

    void header(int pageBytes) {
        out.printf("docpipe dispatcher benchmark: pages/s through the inference-dispatcher with a model that answers at once,"
                + " vs the same SageMaker calls in a direct loop%n");
        out.printf("java %s, %d cpus; load average at start: %s%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Figures.loadAverage());
        out.printf("%d pages per round and side (documents of %d pages), page image %d bytes; %d thread(s) each side;"
                + " %d warm-up round(s), %d timed%s%n", options.pages(), options.pagesPerDocument(), pageBytes,
                options.concurrency(), options.warmUpRounds(), options.rounds(),
                options.dispatcherProperties().isEmpty() ? "" : "; dispatcher settings " + options.dispatcherProperties());
        out.printf("log: %s%n", System.getProperty("benchmark.log", "isolation-benchmark.log"));
    }

    void warmedUp(Round round) {
        out.printf("warm-up:  %s%n", line(round));
    }

    void round(int number, Round round) {
        out.printf("round %d:  %s%n", number, line(round));
    }

    private String line(Round r) {
        return "direct %8.1f calls/s | dispatcher %8.1f pages/s | ratio %.3f  (%s first; model calls %d | %d)".formatted(
                r.directPerSecond(), r.dispatcherPerSecond(), r.ratio(), r.directFirst() ? "direct" : "dispatcher",
                r.direct().modelCalls(), r.dispatcher().modelCalls());
    }

    void summary(List<Round> rounds) {
        int pages = rounds.getFirst().pages();
        out.printf("%nmedian of %d rounds, %d pages per side per round, %d thread(s) each side%n", rounds.size(), pages,
                options.concurrency());
        out.printf("%-36s %12s %12s %20s%n", "", "direct", "dispatcher", "dispatcher/direct");
        out.printf("%-36s %12.1f %12.1f %20.3f%n", "throughput (calls/s | pages/s)", Figures.median(rounds, Round::directPerSecond),
                Figures.median(rounds, Round::dispatcherPerSecond), Figures.median(rounds, Round::ratio));
        row(rounds, "thread-ms per page (wall x threads)", run -> run.nanos() / 1e6 * options.concurrency() / pages);
        row(rounds, "CPU ms per page: this JVM", run -> run.cpu().jvmNanos() / 1e6 / pages);
        row(rounds, "CPU ms per page: PostgreSQL", run -> run.cpu().postgresNanos() / 1e6 / pages);
        row(rounds, "CPU ms per page: whole machine", run -> run.cpu().machineBusyNanos() / 1e6 / pages);
        out.println("(medians of per-round values; the machine figure counts everything running on it, not only this benchmark)");
        out.printf("load average at end: %s%n", Figures.loadAverage());
    }

    private void row(List<Round> rounds, String label, ToDoubleFunction<Run> metric) {
        double direct = Figures.median(rounds, r -> metric.applyAsDouble(r.direct()));
        // The direct loop uses no database: a ratio over nothing says nothing.
        String ratio = direct == 0 ? "-" : "%.3f".formatted(Figures.median(rounds,
                r -> metric.applyAsDouble(r.dispatcher()) / metric.applyAsDouble(r.direct())));
        out.printf("%-36s %12.3f %12.3f %20s%n", label, direct, Figures.median(rounds, r -> metric.applyAsDouble(r.dispatcher())), ratio);
    }

    /** Per page, over all timed rounds: the calls made while handling a message, then those made around it. */
    void profile(List<PhaseTimes.Phase> phases, List<Round> rounds) {
        long pages = rounds.stream().mapToLong(Round::pages).sum();
        double threadMillis = rounds.stream().mapToDouble(r -> r.dispatcher().nanos() / 1e6).sum() * options.concurrency() / pages;
        double message = phases.stream().filter(p -> p.name().equals(PhaseTimes.MESSAGE))
                .mapToDouble(p -> p.nanos() / 1e6 / pages).findFirst().orElse(0);
        out.printf("%nwhere the dispatcher's time goes, per page, all timed rounds pooled (%d pages);"
                + " %d listener threads x wall time = %.3f thread-ms per page%n", pages, options.concurrency(), threadMillis);
        out.printf("  %-52s %10s %9s %9s %8s%n", "on a listener thread, handling the message", "calls/page", "ms/call", "ms/page", "share");
        double accounted = 0;
        for (PhaseTimes.Phase phase : phases) {
            if (!phase.inMessage()) {
                continue;
            }
            double perPage = phase.nanos() / 1e6 / pages;
            if (!phase.name().equals(PhaseTimes.MESSAGE)) {
                accounted += perPage;
            }
            out.printf("  %-52s %10.2f %9.3f %9.3f %7.1f%%%n", phase.name(), (double) phase.calls() / pages, phase.millisPerCall(),
                    perPage, 100 * perPage / message);
        }
        out.printf("  %-52s %10s %9s %9.3f %7.1f%%%n", "the rest (listener plumbing, JSON, features, audit hand-off)", "", "",
                message - accounted, 100 * (message - accounted) / message);
        out.printf("  %-52s %10s %9s %9.3f %7.1f%%%n", "listener threads idle or waiting for messages", "", "",
                threadMillis - message, 100 * (threadMillis - message) / threadMillis);
        out.printf("  %-52s %10s %9s %9s%n", "elsewhere (poller, acknowledgements, audit writer)", "calls/page", "ms/call", "items/call");
        for (PhaseTimes.Phase phase : phases) {
            if (!phase.inMessage()) {
                out.printf("  %-52s %10.3f %9.3f %9.1f%n", phase.name(), (double) phase.calls() / pages, phase.millisPerCall(),
                        phase.calls() == 0 ? 0 : (double) phase.items() / phase.calls());
            }
        }
        out.println("(share: of the whole message; times are wall-clock, so on a busy machine they include waiting for a core)");
    }
}
