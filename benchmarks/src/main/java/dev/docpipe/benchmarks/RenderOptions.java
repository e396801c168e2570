package dev.docpipe.benchmarks;

import dev.docpipe.core.document.RenderSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * What {@link RenderBenchmark} measures and how.
 *
 * @param folder        the PDFs (every regular file directly in it), plus one generated pathological page
 * @param dpi           the resolution every tool renders at
 * @param workers       documents rendered at once by every tool: the machine's cores, by default
 * @param processes     the renderer's sandbox processes (the service's {@code docpipe.sandbox.processes}),
 *     by default one per worker; with fewer, workers wait for a free one
 * @param rounds        timed rounds, tools interleaved within each; medians are reported
 * @param timeout       the sandbox's per-page render timeout (the service's is 60 s)
 * @param heap          each sandbox process's heap cap
 * @param colours       the colour modes measured: grey, colour or both
 * @param images        how many generated scans the image normaliser and vipsthumbnail resize
 * @param imageLongSide the standard size images are brought to
 * @param levels        levels per channel the renderer keeps ({@code docpipe.page-image.levels})
 * @param pathological  add the generated pathological page to the set
 * @param sandboxJvmOptions extra options for the sandbox JVMs
 * @param warmUpPages   pages each sandbox process renders, untimed, before the timed rounds: the
 *     service's processes live thousands of tasks, and the report amortises the warm-up over that life
 */
record RenderOptions(Path folder, int dpi, int workers, int processes, int rounds, Duration timeout, DataSize heap, List<String> colours,
        int images, int imageLongSide, int levels, boolean pathological, List<String> sandboxJvmOptions, int warmUpPages) {

    static final String USAGE = """
            usage: RenderBenchmark [folder] [--dpi 150] [--workers N] [--processes N] [--rounds 1] [--timeout 10s] [--heap 512MB]
                                   [--colour grey|colour|both] [--images 24] [--image-long-side 2000]
                                   [--levels 32] [--pathological true|false] [--sandbox-jvm-option OPTION]...
                                   [--warm-up-pages 800]
              folder defaults to ../shared/corpus/pdfbox (relative to the working directory);
              workers defaults to the number of cores""";

    static RenderOptions parse(String... args) {
        Path folder = Path.of("../shared/corpus/pdfbox");
        int dpi = 150;
        int workers = Runtime.getRuntime().availableProcessors();
        int processes = 0;
        int rounds = 1;
        Duration timeout = Duration.ofSeconds(10);
        DataSize heap = DataSize.ofMegabytes(512);
        List<String> colours = List.of("grey", "colour");
        int images = 24;
        int imageLongSide = 2000;
        int levels = RenderSettings.defaults().levels();
        boolean pathological = true;
        List<String> sandboxJvmOptions = new ArrayList<>();
        int warmUpPages = 800;
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
                case "--dpi" -> dpi = Integer.parseInt(value);
                case "--workers" -> workers = Integer.parseInt(value);
                case "--processes" -> processes = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--timeout" -> timeout = DurationStyle.detectAndParse(value);
                case "--heap" -> heap = DataSize.parse(value);
                case "--colour" -> colours = switch (value) {
                    case "grey", "colour" -> List.of(value);
                    case "both" -> List.of("grey", "colour");
                    default -> throw new IllegalArgumentException("--colour is grey, colour or both");
                };
                case "--images" -> images = Integer.parseInt(value);
                case "--image-long-side" -> imageLongSide = Integer.parseInt(value);
                case "--levels" -> levels = Integer.parseInt(value);
                case "--pathological" -> pathological = Boolean.parseBoolean(value);
                case "--sandbox-jvm-option" -> sandboxJvmOptions.add(value);
                case "--warm-up-pages" -> warmUpPages = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (dpi < 36 || workers < 1 || rounds < 1 || images < 0 || imageLongSide < 100 || levels < 2 || levels > 256 || warmUpPages < 0) {
            throw new IllegalArgumentException("dpi, workers, rounds and the image size must be positive; images and warm-up pages not negative");
        }
        return new RenderOptions(folder.toAbsolutePath().normalize(), dpi, workers, processes > 0 ? processes : workers, rounds, timeout, heap, colours, images,
                imageLongSide, levels, pathological, List.copyOf(sandboxJvmOptions), warmUpPages);
    }
}
