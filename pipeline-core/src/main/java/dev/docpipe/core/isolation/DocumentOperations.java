package dev.docpipe.core.isolation;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.ContentSniffer;
import dev.docpipe.core.document.LeanPartBuilder;
import dev.docpipe.core.document.PageRangeExtractor;
import dev.docpipe.core.document.PageRasterizer;
import dev.docpipe.core.document.RenderSettings;
import dev.docpipe.core.document.SafePdfOpener;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Everything docpipe does to the inside of an untrusted file: inspect, split, render. It runs in a
 * sandbox process (or, with isolation off, in the service itself), and reports every outcome as a
 * {@link SandboxResult} rather than an exception.
 */
final class DocumentOperations {

    /** Files starting with these markers hang or exhaust memory, when test hooks are on: the watchdog's test. */
    static final String HANG_MARKER = "%DOCPIPE-TEST-HANG";
    static final String OOM_MARKER = "%DOCPIPE-TEST-OOM";
    /** ... or keep 36 MB for good, as a leak would ... */
    static final String LEAK_MARKER = "%DOCPIPE-TEST-LEAK";
    /** ... or write past the protocol onto the process's real stdout, as a JVM warning would. */
    static final String STDOUT_MARKER = "%DOCPIPE-TEST-STDOUT";

    /**
     * Pages split between reopenings of the source, which bounds the heap a split needs: a
     * 10,126-page, 1.4 GB document split in a 128 MB heap without one, and each reopening walks
     * the page tree again, so only documents larger than that pay for it.
     */
    static final int REOPEN_AFTER_PAGES = 10_000;
    private static final Duration ROOM_POLL = Duration.ofMillis(1);

    private static final List<long[]> LEAKED = new ArrayList<>();

    private final SafePdfOpener opener;
    private final PageRasterizer rasterizer;
    private final boolean testHooks;

    DocumentOperations(SafePdfOpener opener, PageRasterizer rasterizer, boolean testHooks) {
        this.opener = opener;
        this.rasterizer = rasterizer;
        this.testHooks = testHooks;
    }

    SandboxResult run(SandboxTask task) {
        try {
            return switch (task) {
                case SandboxTask.Inspect inspect -> inspect(inspect);
                case SandboxTask.Split split -> split(split);
                case SandboxTask.Render render -> render(render);
            };
        } catch (DocumentRejectedException e) {
            return SandboxResult.rejected(e.reason(), e.getMessage());
        } catch (UncheckedIOException e) {
            return SandboxResult.error(e.toString());
        } catch (StackOverflowError | LinkageError e) {
            // The document drove the parser somewhere it cannot go on from; the process itself is fine.
            return SandboxResult.rejected(FailureReason.CORRUPT, "the parser failed: " + e);
        }
    }

    private SandboxResult inspect(SandboxTask.Inspect task) {
        Path file = Path.of(task.file());
        testHooks(file);
        opener.checkSize(task.size());
        SourceKind kind = ContentSniffer.sniff(file);
        if (kind == SourceKind.IMAGE) {
            // Every image of a multi-page TIFF is a page of its own.
            return SandboxResult.inspected(kind, rasterizer.imagePages(file));
        }
        try (PDDocument pdf = opener.open(file, task.size())) {
            return SandboxResult.inspected(kind, opener.countPages(pdf));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SandboxResult split(SandboxTask.Split task) {
        Path file = Path.of(task.file());
        testHooks(file);
        List<SandboxTask.Part> parts = task.parts();
        int done = 0;
        while (done < parts.size()) {
            // The source's parsed objects stay cached while it is open; reopening it every so many
            // pages keeps the heap bounded whatever the document's size, for the price of a reopen.
            try (PDDocument pdf = done == 0 ? opener.openExpecting(file, task.size(), task.expectedPages()) : opener.reopen(file)) {
                LeanPartBuilder builder = new LeanPartBuilder(pdf);
                if (builder.pageCount() != task.expectedPages()) {
                    throw new DocumentRejectedException(FailureReason.CORRUPT,
                            "expected %d pages, found %d".formatted(task.expectedPages(), builder.pageCount()));
                }
                for (int pages = 0; done < parts.size() && pages < REOPEN_AFTER_PAGES; done++) {
                    SandboxTask.Part part = parts.get(done);
                    Path output = Path.of(part.output());
                    if (!awaitRoom(parts, done, task.window())) {
                        return SandboxResult.error("the service abandoned the split");
                    }
                    // Written under another name and renamed, so the service never uploads half a file.
                    Path partial = output.resolveSibling(output.getFileName() + ".partial");
                    PageRangeExtractor.extract(builder, part.firstPage(), part.lastPage(), partial);
                    Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE);
                    pages += part.lastPage() - part.firstPage() + 1;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return SandboxResult.done();
    }

    /**
     * Waits while {@code window} finished parts are still on disk, not yet uploaded (the service
     * deletes each once stored), so the parts on disk stay bounded however large the document.
     *
     * @return false when the service gave up on the split and removed the parts' directory
     */
    private static boolean awaitRoom(List<SandboxTask.Part> parts, int next, int window) {
        Path directory = Path.of(parts.get(next).output()).getParent();
        Path oldest = window > 0 && next >= window ? Path.of(parts.get(next - window).output()) : null;
        while (oldest != null && Files.exists(oldest)) {
            try {
                Thread.sleep(ROOM_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return directory == null || Files.isDirectory(directory);
    }

    private SandboxResult render(SandboxTask.Render task) {
        Path file = Path.of(task.file());
        testHooks(file);
        int page = Math.max(1, task.page());
        RenderSettings settings = task.settings() != null ? task.settings() : RenderSettings.defaults();
        PageRasterizer.Raster raster = task.kind() == SourceKind.IMAGE
                ? rasterizer.normaliseImage(file, page, settings, Path.of(task.output()))
                : rasterizer.renderPdf(file, task.size(), page, task.dpi(), settings, Path.of(task.output()));
        return SandboxResult.rendered(raster);
    }

    private void testHooks(Path file) {
        if (!testHooks) {
            return;
        }
        String head;
        try (InputStream in = Files.newInputStream(file)) {
            head = new String(in.readNBytes(32), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (head.startsWith(HANG_MARKER)) {
            spinForever();
        }
        if (head.startsWith(STDOUT_MARKER)) {
            try {
                FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
                stdout.write("[0.001s][warning][test] not a frame\n".getBytes(StandardCharsets.US_ASCII));
                stdout.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (head.startsWith(LEAK_MARKER)) {
            for (int i = 0; i < 9; i++) {
                LEAKED.add(new long[1 << 19]);
            }
            System.gc();
        }
        if (head.startsWith(OOM_MARKER)) {
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[1 << 20]);
            }
        }
    }

    @SuppressWarnings("InfiniteLoopStatement")
    private static void spinForever() {
        long spins = 0;
        while (true) {
            spins++;
            if (spins == Long.MIN_VALUE) {
                throw new IllegalStateException("unreachable");
            }
        }
    }
}
