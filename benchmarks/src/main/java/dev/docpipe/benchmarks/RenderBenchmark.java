package dev.docpipe.benchmarks;

import dev.docpipe.contracts.ColourMode;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.QualityThresholds;
import dev.docpipe.core.document.RenderLimits;
import dev.docpipe.core.document.RenderSettings;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.core.isolation.DocumentSandbox;
import dev.docpipe.core.isolation.PageRenderer;
import dev.docpipe.core.isolation.SandboxProperties;
import dev.docpipe.core.isolation.SandboxTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.unit.DataSize;

/**
 * The image converter's renderer against MuPDF ({@code mutool draw}) and poppler
 * ({@code pdftoppm}) on the same PDFs, side by side in one run, every tool given the same number
 * of documents at once (the cores): pages/s, bytes per page, the peak resident set of the largest
 * process, and ratios. The set includes a generated pathological page, which the renderer's time
 * bound and fallback resolution handle. The renderer runs as the service runs it: a warm pool of
 * sandbox processes, one per core, rendering the pages of the documents in progress. Then the same for
 * the image normaliser against {@code vipsthumbnail}. Output is compared with MuPDF's, page by
 * page, as grey levels.
 */
public final class RenderBenchmark {

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";
    /** Inputs per turn of each tool. */
    private static final int BLOCK = 10;

    private final RenderOptions options;
    private final Path work;
    /** The service's default: a process is replaced after this many tasks, unless its heap grows first. */
    private static final int TASKS_PER_PROCESS = Integer.parseInt(SandboxProperties.TASKS_PER_PROCESS);

    private final DocumentSandbox sandbox;
    private final PageRenderer renderer;
    private final ConcurrentMap<String, Integer> pageFailures = new ConcurrentHashMap<>();
    private final ExecutorService pageWorkers;
    /** Each PDF's single-page parts, in page order. */
    private final Map<Path, List<Path>> singlePages = new ConcurrentHashMap<>();
    private final Map<Path, DocumentRejectedException> unsplit = new ConcurrentHashMap<>();
    /** CPU time of docpipe's runs, by tool: the sandbox processes' and the service's own. */
    private final Map<String, ProcessCpu> cpu = new ConcurrentHashMap<>();

    private RenderBenchmark(RenderOptions options, Path work) {
        this.options = options;
        this.work = work;
        // The service's task count per process: processes live thousands of pages, as they do there.
        SandboxProperties properties = new SandboxProperties(true, options.processes(), options.heap(), TASKS_PER_PROCESS,
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(1), options.timeout(), options.sandboxJvmOptions(),
                false, true);
        this.sandbox = DocumentSandbox.create(properties, new DocumentLimits(DataSize.ofGigabytes(5), 100_000),
                new RenderLimits(10_000, 36), work);
        this.renderer = new PageRenderer(sandbox, 72);
        this.pageWorkers = Executors.newFixedThreadPool(options.workers(), Thread.ofPlatform().name("page-", 0).daemon().factory());
    }

    public static void main(String[] args) throws IOException {
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "benchmark-logback.xml");
        }
        if (List.of(args).contains("--help")) {
            System.out.println(RenderOptions.USAGE);
            return;
        }
        RenderOptions options;
        try {
            options = RenderOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(RenderOptions.USAGE);
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("docpipe-render-benchmark-");
        RenderBenchmark benchmark = new RenderBenchmark(options, work);
        try {
            benchmark.run();
        } finally {
            benchmark.sandbox.destroy();
            FileSystemUtils.deleteRecursively(work);
        }
        System.exit(0);
    }

    private void run() throws IOException {
        List<Path> pdfs = listFiles(options.folder());
        int found = pdfs.size();
        if (options.pathological()) {
            pdfs.add(RenderInputs.pathologicalPage(work.resolve("generated")));
        }
        System.out.printf("Render benchmark: %d PDFs from %s%s, %d dpi, %d at once per tool (docpipe: %d sandbox processes), "
                        + "sandbox render timeout %d s then 72 dpi, %d levels per channel, %d round(s)%n", found, options.folder(),
                options.pathological() ? " plus 1 generated pathological page" : "", options.dpi(), options.workers(), options.processes(),
                options.timeout().toSeconds(), options.levels(), options.rounds());
        System.out.println("Figures from one run on a shared machine: others' load is noise, so compare the ratios.");
        RenderReport.WarmUp warmUp = warmUp(pdfs);
        split(pdfs);

        Map<String, List<ToolRun>> runs = new LinkedHashMap<>();
        for (int round = 0; round < options.rounds(); round++) {
            int r = round;
            List<Tool> tools = new ArrayList<>();
            for (String colour : options.colours()) {
                boolean grey = colour.equals("grey");
                tools.add((block, first) -> docpipe(block, first, grey, r, false));
                tools.add((block, first) -> docpipe(block, first, grey, r, true));
                tools.add((block, first) -> external("mutool " + colour, block, first, r, io -> withColour(grey,
                        List.of("mutool", "draw", "-q", "-r", Integer.toString(options.dpi()), "-o", io[1].resolve("%d.png").toString()),
                        List.of("-c", "gray"), io[0])));
                tools.add((block, first) -> external("pdftoppm " + colour, block, first, r, io -> withColour(grey,
                        List.of("pdftoppm", "-png", "-r", Integer.toString(options.dpi())), List.of("-gray"), io[0], io[1].resolve("p"))));
            }
            interleaved(tools, pdfs).values().forEach(run -> record(runs, run));
        }
        RenderReport report = new RenderReport(System.out);
        report.pages(runs);
        report.cpu(runs, cpu, warmUp, TASKS_PER_PROCESS);
        if (!pageFailures.isEmpty()) {
            System.out.println("docpipe pages not rendered, by reason (all rounds): " + new TreeMap<>(pageFailures));
        }
        for (String colour : options.colours()) {
            Path ours = work.resolve("r0").resolve("docpipe " + colour);
            Path mutool = work.resolve("r0").resolve("mutool " + colour);
            report.difference(colour, PixelDifference.compare(ours, mutool, name -> "page-" + name + ".png"));
        }
        if (options.images() > 0) {
            images(report);
        }
    }

    /**
     * The pipeline's own path: the splitters cut every document into single-page PDFs (timed by
     * {@code bin/benchmark split}, not here), and the converter renders each on its own, parsing
     * its fonts and resources for that page alone.
     */
    private ToolRun.Job singlePagesJob(RenderSettings settings) {
        return (input, output) -> {
            if (unsplit.containsKey(input)) {
                throw unsplit.get(input);
            }
            List<Path> pages = singlePages.get(input);
            List<Future<Boolean>> rendered = new ArrayList<>();
            for (int i = 0; i < pages.size(); i++) {
                Path page = pages.get(i);
                Path png = output.resolve("page-" + (i + 1) + ".png");
                rendered.add(pageWorkers.submit(() -> {
                    try {
                        renderer.render(page, Files.size(page), SourceKind.PDF, 1, options.dpi(), settings, png);
                        return true;
                    } catch (DocumentRejectedException e) {
                        pageFailures.merge(e.reason().name(), 1, Integer::sum);
                        return false;
                    }
                }));
            }
            int count = 0;
            for (Future<Boolean> page : rendered) {
                count += page.get() ? 1 : 0;
            }
            return count;
        };
    }

    /** Every PDF cut into single-page PDFs by the sandbox, as the splitters do; those it cannot open are left out. */
    private void split(List<Path> pdfs) throws IOException {
        long start = System.nanoTime();
        int pages = 0;
        for (int d = 0; d < pdfs.size(); d++) {
            Path pdf = pdfs.get(d);
            try {
                long size = Files.size(pdf);
                int count = sandbox.inspect(pdf, size).pages();
                Path folder = Files.createDirectories(work.resolve("pages").resolve(Integer.toString(d)));
                List<SandboxTask.Part> parts = new ArrayList<>();
                for (int page = 1; page <= count; page++) {
                    parts.add(new SandboxTask.Part(page, page, folder.resolve(page + ".pdf").toString()));
                }
                sandbox.split(pdf, size, count, parts);
                singlePages.put(pdf, parts.stream().map(part -> Path.of(part.output())).toList());
                pages += count;
            } catch (DocumentRejectedException e) {
                // the tool's failure to open it, as for the other tools
                unsplit.put(pdf, e);
            }
        }
        System.out.printf("split: %d pages of %d PDFs into single-page PDFs, %.1f s, untimed%n", pages, pdfs.size(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The service's sandbox processes are long-lived (20,000 tasks, unless their heap keeps
     * growing): code C2 compiled, not a JVM's first minutes, is what they run. So the processes are
     * started and render the set, untimed, until each has rendered {@code --warm-up-pages} (C2's
     * code is in place some 750 tasks in); the CPU that took beyond the timed rate is reported,
     * and amortised over a process's life.
     */
    private RenderReport.WarmUp warmUp(List<Path> pdfs) throws IOException {
        // The whole set, pathological page included, so its pages cost what the timed ones do.
        ProcessCpu before = ProcessCpu.now();
        long start = System.nanoTime();
        sandbox.warmUp();
        int pages = 0;
        int passes = 0;
        while (pages < options.warmUpPages() * options.processes()) {
            ToolRun pass = ToolRun.measure("warm-up", pdfs, options.workers(), work.resolve("warm-up"), docpipeJob(RenderSettings.defaults()),
                    () -> 0);
            FileSystemUtils.deleteRecursively(work.resolve("warm-up"));
            pages += pass.pages();
            passes++;
            if (pass.pages() == 0) {
                break;
            }
        }
        System.out.printf("warm-up: %d pages (%d passes over the PDFs) through the %d sandbox processes, %.1f s, untimed%n", pages, passes,
                options.processes(), (System.nanoTime() - start) / 1e9);
        return new RenderReport.WarmUp(options.processes(), pages, ProcessCpu.now().minus(before));
    }

    /**
     * Every tool over every input, the tools taking turns block by block in rotating order, so a
     * burst of load from elsewhere on a shared machine falls on all of them rather than on
     * whichever ran at that minute. Each tool's blocks add up to its run.
     */
    private static Map<String, ToolRun> interleaved(List<Tool> tools, List<Path> inputs) {
        Map<String, ToolRun> totals = new LinkedHashMap<>();
        for (int first = 0, b = 0; first < inputs.size(); first += BLOCK, b++) {
            List<Path> block = inputs.subList(first, Math.min(inputs.size(), first + BLOCK));
            for (int t = 0; t < tools.size(); t++) {
                ToolRun run = tools.get((t + b) % tools.size()).run(block, first);
                totals.merge(run.tool(), run, ToolRun::plus);
            }
        }
        return totals;
    }

    /** A tool run over a block of the inputs, {@code first} the index of its first. */
    private interface Tool {
        ToolRun run(List<Path> block, int first);
    }

    private ToolRun docpipe(List<Path> pdfs, int first, boolean grey, int round, boolean singlePages) {
        RenderSettings settings = new RenderSettings(grey ? ColourMode.GREY : ColourMode.COLOUR, RenderSettings.defaults().pngCompression(), options.levels(), options.imageLongSide(),
                QualityThresholds.defaults());
        SandboxMemory memory = SandboxMemory.start();
        String tool = "docpipe " + (grey ? "grey" : "colour") + (singlePages ? " pages" : "");
        ProcessCpu before = ProcessCpu.now();
        try {
            return ToolRun.measure(tool, pdfs, first, options.workers(), work.resolve("r" + round),
                    singlePages ? singlePagesJob(settings) : docpipeJob(settings), memory);
        } finally {
            cpu.merge(tool, ProcessCpu.now().minus(before), ProcessCpu::plus);
            memory.stop();
        }
    }

    /**
     * A document inspected, then its pages rendered by the page workers, as many as the cores,
     * which take pages of every document in progress: page-level parallelism, as the service has
     * it (each page is a message of its own), so a long document's last pages do not leave a core
     * idle. Each sandbox process keeps a document it rendered a page of open for its next pages.
     */
    private ToolRun.Job docpipeJob(RenderSettings settings) {
        return (input, output) -> {
            long size = Files.size(input);
            DocumentSandbox.Inspection inspection = sandbox.inspect(input, size);
            List<Future<Boolean>> pages = new ArrayList<>();
            for (int page = 1; page <= inspection.pages(); page++) {
                int number = page;
                pages.add(pageWorkers.submit(() -> {
                    try {
                        renderer.render(input, size, inspection.kind(), number, options.dpi(), settings, output.resolve("page-" + number + ".png"));
                        return true;
                    } catch (DocumentRejectedException e) {
                        pageFailures.merge(e.reason().name(), 1, Integer::sum);
                        return false;
                    }
                }));
            }
            int rendered = 0;
            for (Future<Boolean> page : pages) {
                rendered += page.get() ? 1 : 0;
            }
            return rendered;
        };
    }

    private ToolRun external(String tool, List<Path> pdfs, int first, int round, Function<Path[], List<String>> command) {
        ToolRun.External job = new ToolRun.External(command, Math.max(60, options.timeout().toSeconds() * 3));
        return ToolRun.measure(tool, pdfs, first, options.workers(), work.resolve("r" + round), job, job);
    }

    private void images(RenderReport report) throws IOException {
        List<Path> scans = RenderInputs.scans(work.resolve("scans"), options.images());
        int side = options.imageLongSide();
        Map<String, List<ToolRun>> runs = new LinkedHashMap<>();
        for (int round = 0; round < options.rounds(); round++) {
            Path output = work.resolve("i" + round);
            List<Tool> tools = new ArrayList<>();
            for (String colour : options.colours()) {
                RenderSettings settings = new RenderSettings(colour.equals("grey") ? ColourMode.GREY : ColourMode.COLOUR, RenderSettings.defaults().pngCompression(), options.levels(), side,
                        QualityThresholds.defaults());
                tools.add((block, first) -> {
                    SandboxMemory memory = SandboxMemory.start();
                    try {
                        return ToolRun.measure("normaliser " + colour, block, first, options.workers(), output, (input, out) -> {
                            sandbox.render(input, Files.size(input), SourceKind.IMAGE, 1, 0, settings, out.resolve("page-1.png"));
                            return 1;
                        }, memory);
                    } finally {
                        memory.stop();
                    }
                });
            }
            tools.add((block, first) -> {
                ToolRun.External vips = new ToolRun.External(io -> List.of("vipsthumbnail", io[0].toString(),
                        "--size", side + "x" + side, "-o", io[1].resolve("%s.png").toString()), 60);
                return ToolRun.measure("vipsthumbnail", block, first, options.workers(), output, vips, vips);
            });
            interleaved(tools, scans).values().forEach(run -> record(runs, run));
        }
        report.images(runs, scans.size(), side);
    }

    private static void record(Map<String, List<ToolRun>> runs, ToolRun run) {
        runs.computeIfAbsent(run.tool(), t -> new ArrayList<>()).add(run);
        System.out.printf("  %-20s %4d pages %6.1f s%n", run.tool(), run.pages(), run.nanos() / 1e9);
    }

    private static List<String> withColour(boolean grey, List<String> command, List<String> greyOptions, Object... operands) {
        List<String> line = new ArrayList<>(command);
        if (grey) {
            line.addAll(greyOptions);
        }
        for (Object operand : operands) {
            line.add(operand.toString());
        }
        return line;
    }

    private static List<Path> listFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
        }
    }
}
