package dev.docpipe.core.isolation;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.ContentSniffer;
import dev.docpipe.core.document.PageRangeExtractor;
import dev.docpipe.core.document.PageRasterizer;
import dev.docpipe.core.document.RenderSettings;
import dev.docpipe.core.document.SafePdfOpener;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (PDDocument pdf = opener.openExpecting(file, task.size(), task.expectedPages())) {
            for (SandboxTask.Part part : task.parts()) {
                PageRangeExtractor.extract(pdf, part.firstPage(), part.lastPage(), Path.of(part.output()));
            }
            return SandboxResult.done();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
