package dev.docpipe.core.isolation;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.PageRasterizer;
import dev.docpipe.core.document.PageRasterizer.Raster;
import dev.docpipe.core.document.RenderLimits;
import dev.docpipe.core.document.RenderSettings;
import dev.docpipe.core.document.SafePdfOpener;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.core.isolation.SandboxProcess.SandboxDiedException;
import dev.docpipe.core.isolation.SandboxProcess.SandboxStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where every service parses, splits and renders untrusted documents: a pool of sandbox processes
 * (the design of Apache Tika's tika-pipes), each a JVM with its own heap cap, watched by the
 * service. A task that runs past its bound is killed and ends TIMEOUT; a process that runs out of
 * heap dies and the task ends OUT_OF_MEMORY; either way the process is replaced and the service
 * goes on with its next message. Processes are recycled after a number of tasks to bound leaks.
 */
public class DocumentSandbox implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DocumentSandbox.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** SIGKILL, as the kernel's OOM killer sends it. */
    private static final int KILLED_EXIT = 137;

    private final SandboxProperties properties;
    private final DocumentOperations inProcess;
    private final Supplier<List<String>> command;
    private final JsonMapper json = JsonMapper.builder().build();
    private final BlockingQueue<SandboxProcess> idle = new LinkedBlockingQueue<>();
    /** Every live process, busy or idle, so that closing the pool leaves none behind. */
    private final Set<SandboxProcess> live = ConcurrentHashMap.newKeySet();
    private final Semaphore slots;
    private final AtomicInteger recycled = new AtomicInteger();
    private volatile boolean closed;
    private volatile String startFailure;

    DocumentSandbox(SandboxProperties properties, DocumentOperations inProcess, Supplier<List<String>> command) {
        this.properties = properties;
        this.inProcess = inProcess;
        this.command = command;
        this.slots = new Semaphore(properties.processes(), true);
    }

    /**
     * A sandbox whose processes run this JVM's java and classpath with the given limits, and which
     * does the same work in-process when isolation is off. Processes start on first use or with
     * {@link #warmUp()}; {@link #destroy()} stops them. The Spring bean is built here too.
     */
    public static DocumentSandbox create(SandboxProperties properties, DocumentLimits limits, RenderLimits render, Path tempDirectory) {
        SafePdfOpener opener = new SafePdfOpener(limits);
        DocumentOperations inProcess = new DocumentOperations(opener, new PageRasterizer(opener, render), false);
        return new DocumentSandbox(properties, inProcess, () -> SandboxCommand.build(properties, limits, render, tempDirectory));
    }

    /** What a document is, judged by its content, and how many pages it has. */
    public record Inspection(SourceKind kind, int pages) {}

    public Inspection inspect(Path file, long size) {
        SandboxResult result = execute(new SandboxTask.Inspect(file.toString(), size), properties.inspectTimeout());
        return new Inspection(result.kind(), result.pages());
    }

    /** Writes each part's page range of a PDF known to hold {@code expectedPages} to its output file. */
    public void split(Path file, long size, int expectedPages, List<SandboxTask.Part> parts) {
        split(file, size, expectedPages, parts, 0);
    }

    /**
     * As {@link #split(Path, long, int, List)}, in order, with at most {@code window} finished
     * parts left on disk at a time: the caller takes each away (deletes it) once it is stored.
     */
    public void split(Path file, long size, int expectedPages, List<SandboxTask.Part> parts, int window) {
        execute(new SandboxTask.Split(file.toString(), size, expectedPages, parts, window), properties.splitTimeoutFor(expectedPages));
    }

    /** Renders page 1 of a single-page PDF, or normalises an image, to a PNG file with the default settings. */
    public Raster render(Path file, long size, SourceKind kind, int dpi, Path png) {
        return render(file, size, kind, 1, dpi, RenderSettings.defaults(), png);
    }

    /** Renders page {@code page} (1-based) of a PDF, or normalises that page of an image, to a PNG file. */
    public Raster render(Path file, long size, SourceKind kind, int page, int dpi, RenderSettings settings, Path png) {
        SandboxResult result = execute(new SandboxTask.Render(file.toString(), size, kind, page, dpi, settings, png.toString()),
                properties.renderTimeout());
        return new Raster(result.width(), result.height(), result.dpi(), result.colour(), result.quality());
    }

    private SandboxResult execute(SandboxTask task, Duration timeout) {
        SandboxResult result = properties.enabled() ? inSandbox(task, timeout) : inProcess.run(task);
        return switch (result.status()) {
            case OK -> result;
            case REJECTED -> throw new DocumentRejectedException(result.reason(), result.detail());
            case ERROR -> throw new IllegalStateException("sandbox task failed: " + result.detail());
        };
    }

    private SandboxResult inSandbox(SandboxTask task, Duration timeout) {
        slots.acquireUninterruptibly();
        SandboxProcess process = null;
        try {
            process = borrow();
            byte[] answer = process.execute(json.writeValueAsBytes(task), timeout);
            SandboxResult result = json.readValue(answer, SandboxResult.class);
            giveBack(process, result.retainedHeap());
            process = null;
            return result;
        } catch (TimeoutException e) {
            throw new DocumentRejectedException(FailureReason.TIMEOUT,
                    "no result within %d s; the sandbox process was killed".formatted(timeout.toSeconds()));
        } catch (SandboxDiedException e) {
            if (closed) {
                // The service is stopping (SIGTERM) and killed its processes: the document did
                // nothing wrong, so the message must come back, not end FAILED.
                throw new IllegalStateException("the service stopped while the task ran; it will be retried", e);
            }
            if (e.exitCode == SandboxCommand.OOM_EXIT || e.exitCode == KILLED_EXIT) {
                throw new DocumentRejectedException(FailureReason.OUT_OF_MEMORY,
                        "the document exhausted the sandbox's %d MB heap".formatted(properties.heap().toMegabytes()));
            }
            throw new DocumentRejectedException(FailureReason.CORRUPT, "the parser process crashed: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox unavailable", e);
        } finally {
            if (process != null) {
                // Killed or dead: its replacement starts now, not inside the next document's task.
                retire(process);
                startInBackground(1);
            }
            slots.release();
        }
    }

    private SandboxProcess borrow() throws IOException {
        for (SandboxProcess p = idle.poll(); p != null; p = idle.poll()) {
            if (p.isAlive()) {
                return p;
            }
            retire(p);
        }
        return started();
    }

    private SandboxProcess started() throws IOException {
        SandboxProcess process;
        try {
            process = SandboxProcess.start(command.get(), START_TIMEOUT);
        } catch (SandboxStartException e) {
            startFailure = e.getMessage();
            log.error("{}. Documents wait (their messages come back) until one starts; check docpipe.sandbox.jvm-options", e.getMessage());
            throw e;
        }
        startFailure = null;
        live.add(process);
        if (closed) {
            // Closed while it started: it would never be stopped.
            retire(process);
            throw new IOException("the sandbox pool is closed");
        }
        return process;
    }

    private void retire(SandboxProcess process) {
        live.remove(process);
        process.close();
    }

    /**
     * Back to the idle pool, or recycled: after {@code tasks-per-process} tasks, or once what its
     * heap keeps after its last collections passes half the cap (a leak, or caches grown large),
     * before a document pays for it with OUT_OF_MEMORY. Recycling costs a JVM start and the JIT's
     * warm-up (some 20 s of CPU over the first ~750 tasks), so the task count is high and memory
     * decides first.
     */
    private synchronized void giveBack(SandboxProcess process, long retainedHeap) {
        if (closed) {
            retire(process);
        } else if (process.tasks() >= properties.tasksPerProcess() || retainedHeap > properties.heap().toBytes() / 2) {
            log.debug("Recycling a sandbox process after {} tasks, {} MB retained", process.tasks(), retainedHeap >> 20);
            recycled.incrementAndGet();
            // A replacement started inside a task costs that document a JVM start, so it starts in the background.
            retire(process);
            startInBackground(1);
        } else if (idle.size() >= properties.processes()) {
            retire(process);
        } else {
            idle.add(process);
        }
    }

    /** Starts the pool's processes ahead of the first document, so it does not pay the JVM start. */
    public void warmUp() {
        if (properties.enabled()) {
            startInBackground(properties.processes());
        }
    }

    private void startInBackground(int count) {
        Thread.ofVirtual().name("sandbox-start").start(() -> {
            for (int i = 0; i < count && !closed && idle.size() < properties.processes(); i++) {
                try {
                    giveBack(started(), 0);
                } catch (IOException e) {
                    log.warn("Could not start a sandbox process ahead of time: {}", e.getMessage());
                    return;
                }
            }
        });
    }

    /**
     * Why the last attempt to start a sandbox process failed, while no attempt since has worked:
     * the service cannot do its work, and its readiness says so.
     */
    public Optional<String> startFailure() {
        return Optional.ofNullable(startFailure);
    }

    /** Processes recycled so far (leaks and task counts; not those killed or dead). */
    int recycled() {
        return recycled.get();
    }

    @Override
    public void destroy() {
        closed = true;
        idle.clear();
        live.forEach(SandboxProcess::close);
        live.clear();
    }
}
