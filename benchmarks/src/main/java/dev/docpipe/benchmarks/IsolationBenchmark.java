package dev.docpipe.benchmarks;

import dev.docpipe.benchmarks.TimedTasks.Outcome;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.PageRasterizer.Raster;
import dev.docpipe.core.document.RenderLimits;
import dev.docpipe.core.isolation.DocumentSandbox;
import dev.docpipe.core.isolation.DocumentSandbox.Inspection;
import dev.docpipe.core.isolation.SandboxProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.unit.DataSize;

/**
 * The cost of isolation on normal documents: inspect every file, then render page 1 of each at
 * 150 dpi, with the document sandbox enabled (a warm pool of sandbox processes) and disabled (the
 * same operations in this JVM), on the same files in the same run. Each file runs in both modes
 * back to back, the mode that goes first alternating, so that drift on a shared machine falls on
 * both alike; figures are medians over rounds and the comparison is reported as ratios.
 *
 * <p>Files are screened first, untimed: a file that fails in either mode (rejected, or over the
 * per-task bound) is counted and left out of the timing. The sandbox sees each file first, so a
 * file that hangs or exhausts memory is stopped there and never reaches this JVM.
 */
public final class IsolationBenchmark {

    enum Mode {
        IN_PROCESS("in-process"), ISOLATED("isolated");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** A file that passed screening, with what its inspection found. */
    record Doc(Path file, long size, SourceKind kind, int pages) {}

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private final IsolationOptions options;
    private final Path work;
    private final Map<Mode, DocumentSandbox> sandboxes = new EnumMap<>(Mode.class);
    private final TimedTasks tasks;
    /** Tasks sent to the sandbox so far: every so many, a process is replaced. */
    private long sandboxTasks;

    private IsolationBenchmark(IsolationOptions options, Path work) {
        this.options = options;
        this.work = work;
        this.tasks = new TimedTasks(options.bound());
        // The services' default limits. One process, as tasks run one at a time; the bound stands in
        // for every timeout, so a file slower than it is stopped in screening.
        DocumentLimits limits = new DocumentLimits(DataSize.ofGigabytes(5), 100_000);
        RenderLimits render = new RenderLimits(10_000, 36);
        Duration bound = options.bound();
        for (Mode mode : Mode.values()) {
            SandboxProperties properties = new SandboxProperties(mode == Mode.ISOLATED, 1, options.heap(), options.tasksPerProcess(),
                    bound, bound, Duration.ZERO, bound, options.sandboxJvmOptions(), false, false);
            sandboxes.put(mode, DocumentSandbox.create(properties, limits, render, work));
        }
    }

    public static void main(String[] args) throws IOException {
        // Before the first logger: this JVM logs to a file; the sandbox processes keep a service's defaults.
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "benchmark-logback.xml");
        }
        if (List.of(args).contains("--help")) {
            System.out.println(IsolationOptions.USAGE);
            return;
        }
        IsolationOptions options;
        try {
            options = IsolationOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(IsolationOptions.USAGE);
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("docpipe-benchmark-");
        IsolationBenchmark benchmark = new IsolationBenchmark(options, work);
        try {
            benchmark.run();
        } finally {
            benchmark.sandboxes.values().forEach(DocumentSandbox::destroy);
            benchmark.tasks.close();
            FileSystemUtils.deleteRecursively(work);
        }
        // A thread abandoned to an in-process task that never ended must not keep the JVM alive.
        System.exit(0);
    }

    private void run() throws IOException {
        IsolationReport report = new IsolationReport(System.out, options);
        List<Path> files = listFiles(options.folder());
        int found = files.size();
        files.addAll(GeneratedDocuments.write(work.resolve("generated"), options.generate()));
        report.header(found, options.generate());

        Map<String, List<Path>> excluded = new TreeMap<>();
        List<Doc> docs = new ArrayList<>();
        long screening = System.nanoTime();
        for (Path file : files) {
            String failure = screen(file, docs);
            if (failure != null) {
                excluded.computeIfAbsent(failure, f -> new ArrayList<>()).add(file);
            }
        }
        report.screened(docs, excluded, System.nanoTime() - screening);
        if (docs.isEmpty()) {
            return;
        }
        for (int i = 0; i < options.warmUpRounds(); i++) {
            report.warmedUp(round(docs, -1 - i));
        }
        long before = sandboxTasks;
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i < options.rounds(); i++) {
            Round round = round(docs, i);
            rounds.add(round);
            report.round(i + 1, round);
        }
        report.summary(rounds, before, sandboxTasks, tasks.abandoned());
    }

    /** @return why the file is left out of the timing, or null when it was added to {@code docs} */
    private String screen(Path file, List<Doc> docs) throws IOException {
        long size = Files.size(file);
        Outcome<Inspection> isolated = inspect(Mode.ISOLATED, file, size);
        if (!isolated.ok()) {
            return "inspect, isolated: " + isolated.failure();
        }
        Outcome<Inspection> inProcess = inspect(Mode.IN_PROCESS, file, size);
        if (!inProcess.ok()) {
            return "inspect, in-process: " + inProcess.failure();
        }
        if (!isolated.value().equals(inProcess.value())) {
            return "inspect: the modes disagree";
        }
        Doc doc = new Doc(file, size, isolated.value().kind(), isolated.value().pages());
        for (Mode mode : List.of(Mode.ISOLATED, Mode.IN_PROCESS)) {
            Outcome<Raster> rendered = render(mode, doc);
            if (!rendered.ok()) {
                return "render, " + mode.label + ": " + rendered.failure();
            }
        }
        docs.add(doc);
        return null;
    }

    /** One pass over the files, each inspected and then rendered in both modes back to back. */
    private Round round(List<Doc> docs, int number) {
        Round.Builder round = new Round.Builder();
        for (int i = 0; i < docs.size(); i++) {
            Doc doc = docs.get(i);
            // Which mode goes first alternates file by file and round by round: drift, and any
            // advantage of going second, fall on both modes alike.
            List<Mode> order = Math.floorMod(i + number, 2) == 0
                    ? List.of(Mode.IN_PROCESS, Mode.ISOLATED)
                    : List.of(Mode.ISOLATED, Mode.IN_PROCESS);
            Map<Mode, Outcome<Inspection>> inspected = new EnumMap<>(Mode.class);
            Map<Mode, Outcome<Raster>> rendered = new EnumMap<>(Mode.class);
            for (Mode mode : order) {
                inspected.put(mode, inspect(mode, doc.file(), doc.size()));
            }
            for (Mode mode : order) {
                rendered.put(mode, render(mode, doc));
            }
            round.add(doc, inspected, rendered);
        }
        return round.build();
    }

    private Outcome<Inspection> inspect(Mode mode, Path file, long size) {
        DocumentSandbox sandbox = sandbox(mode);
        return tasks.run(() -> sandbox.inspect(file, size));
    }

    private Outcome<Raster> render(Mode mode, Doc doc) {
        DocumentSandbox sandbox = sandbox(mode);
        Path png = work.resolve("page-" + mode.name().toLowerCase() + ".png");
        return tasks.run(() -> sandbox.render(doc.file(), doc.size(), doc.kind(), options.dpi(), png));
    }

    private DocumentSandbox sandbox(Mode mode) {
        if (mode == Mode.ISOLATED) {
            sandboxTasks++;
        }
        return sandboxes.get(mode);
    }

    private static List<Path> listFiles(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
