package dev.docpipe.core.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docpipe.contracts.ColourMode;
import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.PageRasterizer;
import dev.docpipe.core.document.QualityGate;
import dev.docpipe.core.document.QualityThresholds;
import dev.docpipe.core.document.RenderLimits;
import dev.docpipe.core.document.RenderSettings;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.testing.TestDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

/**
 * Real sandbox processes: work is done in a child JVM, a hang is killed at its bound, an
 * exhausted heap kills only the child, and in both cases the next document is processed normally.
 */
class DocumentSandboxTest {

    @TempDir
    Path dir;

    private DocumentSandbox sandbox;

    @AfterEach
    void close() {
        if (sandbox != null) {
            sandbox.destroy();
        }
    }

    @Test
    void inspectsSplitsAndRendersInASandboxProcess() throws IOException {
        sandbox = sandbox(true, DataSize.ofMegabytes(256), Duration.ofSeconds(60));
        Path pdf = write("five.pdf", TestDocuments.pdf(5));

        assertThat(sandbox.inspect(pdf, Files.size(pdf))).isEqualTo(new DocumentSandbox.Inspection(SourceKind.PDF, 5));

        Path part = dir.resolve("part.pdf");
        sandbox.split(pdf, Files.size(pdf), 5, List.of(new SandboxTask.Part(2, 3, part.toString())));
        assertThat(sandbox.inspect(part, Files.size(part)).pages()).isEqualTo(2);

        Path png = dir.resolve("page.png");
        PageRasterizer.Raster raster = sandbox.render(part, Files.size(part), SourceKind.PDF, 150, png);
        assertThat(raster).extracting(PageRasterizer.Raster::width, PageRasterizer.Raster::height, PageRasterizer.Raster::dpi,
                PageRasterizer.Raster::colour).containsExactly(1275, 1650, 150, ColourMode.GREY);
        assertThat(raster.quality().verdict()).isEqualTo(QualityGate.Verdict.CLEAN);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1275);
    }

    @Test
    void countsEveryImageOfAMultiPageTiffAsAPageAndRendersEachOnItsOwn() throws IOException {
        sandbox = sandbox(true, DataSize.ofMegabytes(256), Duration.ofSeconds(60));
        Path tiff = write("three.tiff", TestDocuments.multiPageTiff(3, 300, 200));

        assertThat(sandbox.inspect(tiff, Files.size(tiff))).isEqualTo(new DocumentSandbox.Inspection(SourceKind.IMAGE, 3));

        Path png = dir.resolve("page-2.png");
        RenderSettings colour = new RenderSettings(ColourMode.COLOUR, 4, 64, 2000, QualityThresholds.defaults());
        PageRasterizer.Raster raster = sandbox.render(tiff, Files.size(tiff), SourceKind.IMAGE, 2, 150, colour, png);
        assertThat(raster.width()).isEqualTo(300);
        assertThat(raster.colour()).isEqualTo(ColourMode.COLOUR);
        // Page 2 is filled with grey level 80: the second image, not the first (40) or the third (120).
        assertThat(ImageIO.read(png.toFile()).getRGB(150, 100) & 0xff).isBetween(78, 82);
        // A flat grey page is near-uniform: the gate calls it blank, and the verdict survives the trip from the sandbox.
        assertThat(raster.quality().verdict()).isEqualTo(QualityGate.Verdict.BLANK);
    }

    @Test
    void triesAPageThatTimesOutOnceMoreAtTheFallbackResolutionThenEndsTimeout() throws IOException {
        sandbox = sandbox(true, DataSize.ofMegabytes(256), Duration.ofSeconds(2));
        Path hang = write("hang.pdf", (DocumentOperations.HANG_MARKER + "\n").getBytes(StandardCharsets.US_ASCII));
        PageRenderer renderer = new PageRenderer(sandbox, 72);

        assertThatThrownBy(() -> renderer.render(hang, Files.size(hang), SourceKind.PDF, 1, 150, RenderSettings.defaults(), dir.resolve("h.png")))
                .isInstanceOfSatisfying(DocumentRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.TIMEOUT);
                    assertThat(e.getMessage()).contains("at 150 dpi and again at 72 dpi");
                });
    }

    @Test
    void reportsRejectionsWithTheirReason() throws IOException {
        sandbox = sandbox(true, DataSize.ofMegabytes(256), Duration.ofSeconds(60));
        assertReason(write("cut.pdf", TestDocuments.truncatedPdf()), FailureReason.CORRUPT);
        assertReason(write("locked.pdf", TestDocuments.encryptedPdf()), FailureReason.ENCRYPTED);
        assertReason(write("text.pdf", "plain text".getBytes()), FailureReason.NOT_A_PDF);
        assertReason(write("claims.pdf", TestDocuments.pdfDeclaringPages(1_400_000_000L)), FailureReason.TOO_MANY_PAGES);
    }

    @Test
    void aTaskCutShortBecauseTheServiceStopsIsRetriedNotRejected() throws Exception {
        sandbox = sandbox(true, DataSize.ofMegabytes(256), Duration.ofSeconds(60));
        Path hang = write("long.pdf", (DocumentOperations.HANG_MARKER + "\n").getBytes(StandardCharsets.US_ASCII));
        Path ok = write("ok.pdf", TestDocuments.pdf(1));
        sandbox.inspect(ok, Files.size(ok)); // the process is up: the split below reaches it at once
        CompletableFuture<Void> split = CompletableFuture.runAsync(
                () -> sandbox.split(hang, 20, 1, List.of(new SandboxTask.Part(1, 1, dir.resolve("p.pdf").toString()))));
        Thread.sleep(1_000);

        sandbox.destroy(); // what a SIGTERM does to the service's beans

        assertThatThrownBy(() -> split.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class)
                .cause()
                .isNotInstanceOf(DocumentRejectedException.class)
                .hasMessageContaining("retried");
    }

    @Test
    void killsAParseThatNeverEndsAndGoesOnWithTheNextDocument() throws IOException {
        sandbox = sandbox(true, DataSize.ofMegabytes(256), Duration.ofSeconds(3));
        Path hang = write("hang.pdf", (DocumentOperations.HANG_MARKER + "\n").getBytes(StandardCharsets.US_ASCII));
        Path ok = write("ok.pdf", TestDocuments.pdf(2));

        long start = System.nanoTime();
        assertReason(hang, FailureReason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(sandbox.inspect(ok, Files.size(ok)).pages()).isEqualTo(2);
    }

    @Test
    void aDocumentThatExhaustsMemoryKillsOnlyItsSandbox() throws IOException {
        sandbox = sandbox(true, DataSize.ofMegabytes(64), Duration.ofSeconds(60));
        Path hog = write("hog.pdf", (DocumentOperations.OOM_MARKER + "\n").getBytes(StandardCharsets.US_ASCII));
        Path ok = write("ok.pdf", TestDocuments.pdf(3));

        assertReason(hog, FailureReason.OUT_OF_MEMORY);
        assertThat(sandbox.inspect(ok, Files.size(ok)).pages()).isEqualTo(3);
    }

    @Test
    void aProcessThatKeepsHalfItsHeapAfterACollectionIsRecycledBeforeADocumentRunsOutOfMemory() throws IOException {
        sandbox = sandbox(true, DataSize.ofMegabytes(64), Duration.ofSeconds(60));
        Path ok = write("ok.pdf", TestDocuments.pdf(3));
        assertThat(sandbox.inspect(ok, Files.size(ok)).pages()).isEqualTo(3);
        assertThat(sandbox.recycled()).as("an ordinary task").isZero();

        // Each keeps 36 MB of its 64 MB for good (the file itself is not a PDF): without recycling,
        // the second would run out of heap and end OUT_OF_MEMORY, though it did nothing wrong.
        Path leak = write("leak.pdf", (DocumentOperations.LEAK_MARKER + "\n").getBytes(StandardCharsets.US_ASCII));
        for (int i = 1; i <= 3; i++) {
            assertReason(leak, FailureReason.NOT_A_PDF);
            assertThat(sandbox.recycled()).isEqualTo(i);
        }
        assertThat(sandbox.inspect(ok, Files.size(ok)).pages()).isEqualTo(3);
    }

    @Test
    void aSandboxProcessWhoseJvmLogsAWarningStillAnswers() throws IOException {
        // Large pages are not set up on these machines: the JVM says so on its log, which writes
        // to stdout, the protocol's channel, unless the sandbox's command line sends it elsewhere.
        sandbox = sandbox(true, DataSize.ofMegabytes(256), Duration.ofSeconds(60), List.of("-XX:+UseLargePages"));
        Path pdf = write("two.pdf", TestDocuments.pdf(2));

        assertThat(sandbox.inspect(pdf, Files.size(pdf)).pages()).isEqualTo(2);
        assertThat(sandbox.render(pdf, Files.size(pdf), SourceKind.PDF, 72, dir.resolve("page.png")).dpi()).isEqualTo(72);
    }

    @Test
    void aProcessWhoseAnswersCannotBeReadEndsTheDocumentCorruptNotOutOfMemory() throws IOException {
        sandbox = sandbox(true, DataSize.ofMegabytes(256), Duration.ofSeconds(60));
        Path noisy = write("noisy.pdf", (DocumentOperations.STDOUT_MARKER + "\n").getBytes(StandardCharsets.US_ASCII));

        assertReason(noisy, FailureReason.CORRUPT);
        Path pdf = write("three.pdf", TestDocuments.pdf(3));
        assertThat(sandbox.inspect(pdf, Files.size(pdf)).pages()).isEqualTo(3);
    }

    @Test
    void aSandboxThatCannotStartFailsNoDocumentAndTheServiceIsNotReady() throws IOException {
        // A JVM option that prints the JVM's flags on stdout, the protocol's channel, before main runs.
        sandbox = sandbox(true, DataSize.ofMegabytes(256), Duration.ofSeconds(60), List.of("-XX:+PrintFlagsFinal"));
        Path pdf = write("two.pdf", TestDocuments.pdf(2));
        HealthIndicator readiness = new SandboxConfiguration().sandboxHealthIndicator(sandbox);
        assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);

        assertThatThrownBy(() -> sandbox.inspect(pdf, Files.size(pdf)))
                .isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage(sandbox.startFailure().orElseThrow());
        assertThat(sandbox.startFailure()).hasValueSatisfying(why -> assertThat(why).contains("stdout"));
        assertThat(readiness.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(readiness.health().getDetails()).containsKey("startFailure");

        sandbox.destroy();
        sandbox = sandbox(true, DataSize.ofMegabytes(256), Duration.ofSeconds(60), List.of("-XX:+NoSuchOptionAnywhere"));
        assertThatThrownBy(() -> sandbox.render(pdf, Files.size(pdf), SourceKind.PDF, 72, dir.resolve("page.png")))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(sandbox.startFailure()).hasValueSatisfying(why -> assertThat(why).contains("exited with code 1").contains("NoSuchOptionAnywhere"));
    }

    @Test
    void withIsolationOffTheSameWorkHappensInProcess() throws IOException {
        sandbox = sandbox(false, DataSize.ofMegabytes(256), Duration.ofSeconds(60));
        Path pdf = write("four.pdf", TestDocuments.pdf(4));
        assertThat(sandbox.inspect(pdf, Files.size(pdf)).pages()).isEqualTo(4);
        assertReason(write("cut.pdf", TestDocuments.truncatedPdf()), FailureReason.CORRUPT);
    }

    private void assertReason(Path file, FailureReason reason) throws IOException {
        long size = Files.size(file);
        assertThatThrownBy(() -> sandbox.inspect(file, size))
                .isInstanceOfSatisfying(DocumentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private DocumentSandbox sandbox(boolean enabled, DataSize heap, Duration timeout) {
        return sandbox(enabled, heap, timeout, List.of());
    }

    private DocumentSandbox sandbox(boolean enabled, DataSize heap, Duration timeout, List<String> jvmOptions) {
        SandboxProperties properties = new SandboxProperties(enabled, 1, heap, 100, timeout, timeout, Duration.ofSeconds(1),
                timeout, jvmOptions, true, false);
        DocumentLimits limits = new DocumentLimits(DataSize.ofMegabytes(100), 10_000);
        return DocumentSandbox.create(properties, limits, new RenderLimits(10_000, 36), dir);
    }
}
