package dev.docpipe.benchmarks;

import dev.docpipe.benchmarks.IsolationBenchmark.Doc;
import dev.docpipe.benchmarks.IsolationBenchmark.Mode;
import dev.docpipe.benchmarks.TimedTasks.Outcome;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One timed pass over the files: per mode, the time spent inspecting them and rendering their
 * page 1. A file counts only when all four of its tasks succeeded, so both modes are timed on the
 * same files; one that failed this time (it passed screening) is counted as unstable.
 */
record Round(int files, long pagesInspected, int pagesRendered, Map<Mode, Long> inspectNanos, Map<Mode, Long> renderNanos,
        int unstable) {

    double inspectFilesPerSecond(Mode mode) {
        return perSecond(files, inspectNanos.get(mode));
    }

    double renderPagesPerSecond(Mode mode) {
        return perSecond(pagesRendered, renderNanos.get(mode));
    }

    /** Files inspected and rendered, as the orchestrator and the converter between them do. */
    double filesPerSecond(Mode mode) {
        return perSecond(files, inspectNanos.get(mode) + renderNanos.get(mode));
    }

    double inspectMillisPerFile(Mode mode) {
        return inspectNanos.get(mode) / 1e6 / files;
    }

    double renderMillisPerPage(Mode mode) {
        return renderNanos.get(mode) / 1e6 / pagesRendered;
    }

    /** The rounds as one: where a process replacement, an outlier a median hides, counts in full. */
    static Round pooled(List<Round> rounds) {
        Map<Mode, Long> inspect = new EnumMap<>(Mode.class);
        Map<Mode, Long> render = new EnumMap<>(Mode.class);
        for (Round r : rounds) {
            r.inspectNanos.forEach((mode, nanos) -> inspect.merge(mode, nanos, Long::sum));
            r.renderNanos.forEach((mode, nanos) -> render.merge(mode, nanos, Long::sum));
        }
        return new Round(rounds.stream().mapToInt(Round::files).sum(), rounds.stream().mapToLong(Round::pagesInspected).sum(),
                rounds.stream().mapToInt(Round::pagesRendered).sum(), inspect, render, rounds.stream().mapToInt(Round::unstable).sum());
    }

    private static double perSecond(long count, long nanos) {
        return count * 1e9 / nanos;
    }

    static final class Builder {
        private int files;
        private long pagesInspected;
        private int pagesRendered;
        private final Map<Mode, Long> inspect = zeros();
        private final Map<Mode, Long> render = zeros();
        private int unstable;

        void add(Doc doc, Map<Mode, ? extends Outcome<?>> inspected, Map<Mode, ? extends Outcome<?>> rendered) {
            if (!inspected.values().stream().allMatch(Outcome::ok) || !rendered.values().stream().allMatch(Outcome::ok)) {
                unstable++;
                return;
            }
            files++;
            pagesInspected += doc.pages();
            pagesRendered++;
            inspected.forEach((mode, outcome) -> inspect.merge(mode, outcome.nanos(), Long::sum));
            rendered.forEach((mode, outcome) -> render.merge(mode, outcome.nanos(), Long::sum));
        }

        Round build() {
            return new Round(files, pagesInspected, pagesRendered, inspect, render, unstable);
        }

        private static Map<Mode, Long> zeros() {
            Map<Mode, Long> zeros = new EnumMap<>(Mode.class);
            for (Mode mode : Mode.values()) {
                zeros.put(mode, 0L);
            }
            return zeros;
        }
    }
}
