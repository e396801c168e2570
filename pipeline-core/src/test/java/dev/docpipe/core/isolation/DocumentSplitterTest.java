package dev.docpipe.core.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.RenderLimits;
import dev.docpipe.core.storage.LocalCopy;
import dev.docpipe.core.storage.ObjectStore;
import dev.docpipe.core.storage.StorageProperties;
import dev.docpipe.testing.TestDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The service's side of a split, with a real sandbox process: parts are stored in order while the
 * sandbox writes the next ones, never more than the window wait on disk, and when storing fails
 * the sandbox gives up at once and leaves nothing behind.
 */
class DocumentSplitterTest {

    @TempDir
    Path dir;

    private final List<String> stored = new ArrayList<>();
    private DocumentSandbox sandbox;

    @AfterEach
    void close() {
        sandbox.destroy();
    }

    @Test
    void storesEveryPartInOrderWithFewOnDiskAtATime() throws IOException {
        int[] mostOnDisk = {0};
        DocumentSplitter splitter = new DocumentSplitter(sandbox(), new RecordingStore(Integer.MAX_VALUE, mostOnDisk));

        splitter.splitAndUpload(source(60), 60, pages(60), (part, bytes) -> assertThat(bytes).isPositive());

        assertThat(stored).containsExactlyElementsOf(IntStream.rangeClosed(1, 60).mapToObj("p%d"::formatted).toList());
        assertThat(mostOnDisk[0]).isLessThanOrEqualTo(DocumentSplitter.WINDOW + 1);
        assertThat(workFiles()).isEmpty();
    }

    @Test
    void aFailedUploadStopsTheSplitAndLeavesNoFiles() throws IOException {
        DocumentSplitter splitter = new DocumentSplitter(sandbox(), new RecordingStore(3, new int[1]));

        long start = System.nanoTime();
        assertThatThrownBy(() -> splitter.splitAndUpload(source(200), 200, pages(200)))
                .hasMessageContaining("upload refused");

        assertThat(stored).hasSize(3);
        assertThat(workFiles()).isEmpty();
        // The sandbox saw its directory go and stopped: it takes the next task at once.
        Path next = write("next.pdf", TestDocuments.pdf(2));
        assertThat(sandbox.inspect(next, Files.size(next)).pages()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    private DocumentSandbox sandbox() {
        SandboxProperties properties = new SandboxProperties(true, 1, DataSize.ofMegabytes(128), 100, Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(60), List.of(), false, false);
        sandbox = DocumentSandbox.create(properties, new DocumentLimits(DataSize.ofMegabytes(100), 10_000),
                new RenderLimits(10_000, 36), dir);
        return sandbox;
    }

    private LocalCopy source(int pages) throws IOException {
        Path file = write("source.pdf", TestDocuments.pdf(pages));
        return new LocalCopy(file, Files.size(file));
    }

    private static List<DocumentSplitter.Part> pages(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> new DocumentSplitter.Part(n, n, "p" + n)).toList();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** What the splitter left in the work directory: it makes one subdirectory per split. */
    private List<Path> workFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("work"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** Records uploads instead of making them, and refuses every one after the first {@code accepted}. */
    private class RecordingStore extends ObjectStore {

        private final int accepted;
        private final int[] mostOnDisk;

        RecordingStore(int accepted, int[] mostOnDisk) {
            super(null, new StorageProperties("work", dir.resolve("work"), DataSize.ofMegabytes(64), DataSize.ofMegabytes(16)));
            this.accepted = accepted;
            this.mostOnDisk = mostOnDisk;
        }

        @Override
        public void upload(String bucket, String key, Path file, String contentType) {
            if (stored.size() == accepted) {
                throw new IllegalStateException("upload refused");
            }
            try (Stream<Path> parts = Files.list(file.getParent())) {
                mostOnDisk[0] = Math.max(mostOnDisk[0], (int) parts.filter(p -> p.toString().endsWith(".pdf")).count());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            stored.add(key);
        }
    }
}
