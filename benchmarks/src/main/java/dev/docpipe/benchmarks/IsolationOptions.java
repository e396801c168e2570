package dev.docpipe.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * What {@link IsolationBenchmark} measures and how.
 *
 * @param folder          the documents (every regular file under it)
 * @param generate        how many generated text PDFs to add to them
 * @param rounds          timed rounds; the median is reported
 * @param warmUpRounds    untimed rounds after screening, so both JVMs are compiled and the pool is warm
 * @param dpi             the resolution page 1 is rendered at
 * @param bound           the longest one task may take in either mode; a file over it is excluded
 * @param heap            each sandbox process's heap cap
 * @param tasksPerProcess a sandbox process is replaced after this many tasks, as in production
 * @param sandboxJvmOptions extra options for the sandbox JVMs, as {@code docpipe.sandbox.jvm-options}
 */
record IsolationOptions(Path folder, int generate, int rounds, int warmUpRounds, int dpi, Duration bound, DataSize heap,
        int tasksPerProcess, List<String> sandboxJvmOptions) {

    static final String USAGE = """
            usage: IsolationBenchmark [folder] [--generate N] [--rounds N] [--warm-up N] [--dpi N]
                                      [--bound 30s] [--heap 512MB] [--tasks-per-process N]
                                      [--sandbox-jvm-option OPTION]...
              folder defaults to ../shared/corpus/pdfbox (relative to the working directory)""";

    static IsolationOptions parse(String... args) {
        Path folder = Path.of("../shared/corpus/pdfbox");
        int generate = 0;
        int rounds = 3;
        int warmUp = 1;
        int dpi = 150;
        Duration bound = Duration.ofSeconds(30);
        DataSize heap = DataSize.ofMegabytes(512);
        int tasksPerProcess = 500;
        List<String> sandboxJvmOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                folder = Path.of(arg);
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--generate" -> generate = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--warm-up" -> warmUp = Integer.parseInt(value);
                case "--dpi" -> dpi = Integer.parseInt(value);
                case "--bound" -> bound = DurationStyle.detectAndParse(value);
                case "--heap" -> heap = DataSize.parse(value);
                case "--tasks-per-process" -> tasksPerProcess = Integer.parseInt(value);
                case "--sandbox-jvm-option" -> sandboxJvmOptions.add(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (rounds < 1 || warmUp < 0 || generate < 0 || dpi < 1 || tasksPerProcess < 1) {
            throw new IllegalArgumentException("rounds, dpi and tasks per process must be positive; warm-up and generate not negative");
        }
        return new IsolationOptions(folder.toAbsolutePath().normalize(), generate, rounds, warmUp, dpi, bound, heap, tasksPerProcess,
                List.copyOf(sandboxJvmOptions));
    }
}
