package dev.docpipe.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** What every benchmark report computes the same way: medians over rounds, and how busy the machine was. */
final class Figures {

    private Figures() {}

    static <T> double median(List<T> rounds, ToDoubleFunction<T> metric) {
        double[] values = rounds.stream().mapToDouble(metric).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** The machine's load averages, or "unknown" where /proc/loadavg is not there. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "%s %s %s (1, 5, 15 min)".formatted(fields[0], fields[1], fields[2]);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
