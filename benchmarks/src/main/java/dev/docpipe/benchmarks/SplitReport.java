package dev.docpipe.benchmarks;

import dev.docpipe.benchmarks.SplitBenchmark.Result;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** Prints {@link SplitBenchmark}'s figures: each round side by side, then medians and ratios. */
final class SplitReport {

    private static final String ROW = "  %-8s %9.0f %9.1f %10s %10s %12s %10.1f%n";

    private final PrintStream out;

    SplitReport(PrintStream out) {
        this.out = out;
    }

    void header(Path document, long size, int pages, SplitOptions options) {
        out.printf("%nsplit %s: %,d pages, %s, into parts of %d pages; docpipe's sandbox heap %d MB%n",
                document.getFileName(), pages, mb(size), options.pagesPerPart(), options.heap().toMegabytes());
    }

    void round(int number, Result qpdf, Result docpipe) {
        out.printf("%nround %d%n  %-8s %9s %9s %10s %10s %12s %10s%n", number, "", "pages/s", "wall s", "peak RSS", "peak heap",
                "bytes out", "KiB/page");
        print(qpdf);
        print(docpipe);
    }

    private void print(Result r) {
        out.printf(ROW, r.who(), r.pagesPerSecond(), r.wall().toMillis() / 1000.0, mb(r.peakRssKb() * 1024),
                r.peakHeapMb() > 0 ? r.peakHeapMb() + " MB" : "-", mb(r.bytes()), r.bytes() / 1024.0 / r.pages());
    }

    void summary(List<Result> qpdf, List<Result> docpipe) {
        Result q = median(qpdf);
        Result d = median(docpipe);
        out.printf("%nmedian of %d round(s), docpipe / qpdf: pages/s %.2fx, bytes out %.2fx, peak RSS %.1fx; parts %d vs %d%n",
                qpdf.size(), d.pagesPerSecond() / q.pagesPerSecond(), (double) d.bytes() / q.bytes(),
                (double) d.peakRssKb() / q.peakRssKb(), d.parts(), q.parts());
    }

    void verified(int sampled, PageComparison.Outcome outcome) {
        out.printf("rendering check (PDFBox, 50 dpi, every page of the parts holding %d sampled pages): %d identical, %d different %s, %d not renderable from the source%n",
                sampled, outcome.identical(), outcome.different().size(), outcome.different(), outcome.failed());
    }

    private static Result median(List<Result> results) {
        List<Result> sorted = results.stream().sorted(Comparator.comparingDouble(Result::pagesPerSecond)).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "-" : "%.1f MB".formatted(bytes / 1024.0 / 1024.0);
    }
}
