package dev.docpipe.benchmarks;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints the render benchmark's tables: medians over rounds, and the renderer's ratios to each tool. */
final class RenderReport {

    private final PrintStream out;

    RenderReport(PrintStream out) {
        this.out = out;
    }

    void pages(Map<String, List<ToolRun>> runs) {
        out.println();
        out.println("PDF pages (median round)");
        out.printf("%-20s %6s %5s %8s %8s %11s %9s%n", "tool", "pages", "fail", "seconds", "pages/s", "bytes/page", "peak RSS");
        runs.values().forEach(r -> row(median(r)));
        out.println("(fail: inputs a tool could not open at all; peak RSS: the largest single process, MB)");
        out.println();
        for (String ourTool : List.of("docpipe grey", "docpipe grey pages", "docpipe colour", "docpipe colour pages")) {
            ToolRun ours = median(runs.get(ourTool));
            if (ours == null) {
                continue;
            }
            String colour = ourTool.split(" ")[1];
            for (String tool : List.of("mutool", "pdftoppm")) {
                ToolRun theirs = median(runs.get(tool + " " + colour));
                if (theirs != null) {
                    out.printf("%-20s vs %-15s: pages/s %.2fx, bytes/page %.2fx, peak RSS %.2fx%n", ourTool, tool + " " + colour,
                            ours.pagesPerSecond() / theirs.pagesPerSecond(), (double) ours.bytesPerPage() / theirs.bytesPerPage(),
                            (double) ours.peakRssKb() / Math.max(1, theirs.peakRssKb()));
                }
            }
        }
    }

    /** The warm-up before the timed rounds: the sandbox processes, the pages they rendered, and the CPU it took. */
    record WarmUp(int processes, int pages, ProcessCpu used) {}

    /**
     * CPU per page of each docpipe run, then the warm-up amortised: the CPU the warm-up took
     * beyond what its pages cost at the timed (grey, whole-document) rate, spread over a process's
     * life, and each run's pages/s with that added to its CPU per page (the runs are bound by CPU).
     */
    void cpu(Map<String, List<ToolRun>> runs, Map<String, ProcessCpu> cpu, WarmUp warmUp, int tasksPerProcess) {
        Map<String, ProcessCpu> byTool = new TreeMap<>(cpu);
        byTool.forEach((tool, used) -> out.printf("%s CPU per page: %.1f ms in the sandbox processes, %.1f ms in the service's JVM%n", tool,
                used.childrenNanos() / 1e6 / pages(runs, tool), used.ownNanos() / 1e6 / pages(runs, tool)));
        ProcessCpu steady = cpu.get("docpipe grey");
        if (steady == null || warmUp.pages() == 0) {
            return;
        }
        double steadyPerPage = (double) steady.childrenNanos() / pages(runs, "docpipe grey");
        double beyondPerProcess = Math.max(0, warmUp.used().childrenNanos() - steadyPerPage * warmUp.pages()) / warmUp.processes();
        double amortised = beyondPerProcess / tasksPerProcess;
        out.printf("warm-up: %d pages per process took %.1f s of CPU per process beyond the timed rate: %.2f ms per page over a "
                + "%,d-task process life%n", warmUp.pages() / warmUp.processes(), beyondPerProcess / 1e9, amortised / 1e6, tasksPerProcess);
        byTool.forEach((tool, used) -> {
            ToolRun ours = median(runs.get(tool));
            ToolRun mutool = median(runs.get("mutool " + tool.split(" ")[1]));
            double perPage = (double) (used.childrenNanos() + used.ownNanos()) / pages(runs, tool);
            double lifetime = ours.pagesPerSecond() * perPage / (perPage + amortised);
            out.printf("%-20s warm-up amortised: %.2f pages/s%s%n", tool, lifetime,
                    mutool == null ? "" : ", %.2fx mutool".formatted(lifetime / mutool.pagesPerSecond()));
        });
    }

    private static int pages(Map<String, List<ToolRun>> runs, String tool) {
        return Math.max(1, runs.get(tool).stream().mapToInt(ToolRun::pages).sum());
    }

    void difference(String colour, PixelDifference d) {
        out.printf("docpipe %s vs mutool %s, grey levels: %d pages compared, mean difference median %.2f, p90 %.2f, max %.2f; "
                        + "%d of %d within %.0f; pixels > 64 apart (median page) %.3f%%; %d pages of another size%n",
                colour, colour, d.compared(), d.medianMean(), d.p90Mean(), d.maxMean(), d.withinTolerance(), d.compared(), d.tolerance(),
                100 * d.medianFarShare(), d.sizeMismatches());
    }

    void images(Map<String, List<ToolRun>> runs, int count, int side) {
        out.println();
        out.printf("Images: %d generated 2550x3300 scans (PNG, JPEG, TIFF) to %d px on the longer side%n", count, side);
        out.printf("%-20s %6s %5s %8s %8s %11s %9s%n", "tool", "images", "fail", "seconds", "images/s", "bytes/image", "peak RSS");
        runs.values().forEach(r -> row(median(r)));
        ToolRun vips = median(runs.get("vipsthumbnail"));
        for (String tool : List.of("normaliser grey", "normaliser colour")) {
            ToolRun ours = median(runs.get(tool));
            if (ours != null && vips != null) {
                out.printf("%s vs vipsthumbnail: images/s %.2fx, bytes/image %.2fx%n", tool,
                        ours.pagesPerSecond() / vips.pagesPerSecond(), (double) ours.bytesPerPage() / vips.bytesPerPage());
            }
        }
    }

    private void row(ToolRun r) {
        out.printf("%-20s %6d %5d %8.1f %8.2f %11d %9d %s%n", r.tool(), r.pages(), r.failures(), r.nanos() / 1e9, r.pagesPerSecond(),
                r.bytesPerPage(), r.peakRssKb() / 1024, r.why().isEmpty() ? "" : r.why());
    }

    private static ToolRun median(List<ToolRun> runs) {
        if (runs == null || runs.isEmpty()) {
            return null;
        }
        List<ToolRun> sorted = runs.stream().sorted(Comparator.comparingDouble(ToolRun::pagesPerSecond)).toList();
        return sorted.get(sorted.size() / 2);
    }
}
