package dev.docpipe.core.isolation;

import dev.docpipe.core.storage.LocalCopy;
import dev.docpipe.core.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.util.FileSystemUtils;

/**
 * Splits a downloaded PDF into page ranges inside the sandbox and uploads each part to the work
 * bucket under its key while the sandbox writes the next: a part lives on local disk only from
 * its split to its upload, and at most {@link #WINDOW} finished parts wait at a time, so disk use
 * stays bounded however many parts a document has. Each stored part is reported as it is stored.
 */
public class DocumentSplitter {

    /** Finished parts that may wait for their upload: enough to keep both sides busy. */
    static final int WINDOW = 4;
    private static final long POLL_MILLIS = 5;

    private final DocumentSandbox sandbox;
    private final ObjectStore store;

    public DocumentSplitter(DocumentSandbox sandbox, ObjectStore store) {
        this.sandbox = sandbox;
        this.store = store;
    }

    /** A part to produce: 1-based inclusive pages of the source, and the key it is stored under. */
    public record Part(int firstPage, int lastPage, String key) {}

    /** Hears of each part once it is stored, in order. */
    @FunctionalInterface
    public interface StoredPart {
        void stored(Part part, long bytes);
    }

    /** How long an abandoned split may take to notice before its leftovers are removed anyway. */
    private static final long ABANDON_WAIT_SECONDS = 30;

    public void splitAndUpload(LocalCopy source, int expectedPages, List<Part> parts) {
        splitAndUpload(source, expectedPages, parts, (part, bytes) -> {});
    }

    public void splitAndUpload(LocalCopy source, int expectedPages, List<Part> parts, StoredPart onStored) {
        Path directory = store.createTempDirectory();
        CompletableFuture<Void> split = null;
        try {
            List<Path> files = new ArrayList<>(parts.size());
            List<SandboxTask.Part> tasks = new ArrayList<>(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                Path file = directory.resolve("part-%d.pdf".formatted(i));
                files.add(file);
                tasks.add(new SandboxTask.Part(parts.get(i).firstPage(), parts.get(i).lastPage(), file.toString()));
            }
            split = CompletableFuture.runAsync(
                    () -> sandbox.split(source.path(), source.size(), expectedPages, tasks, WINDOW),
                    task -> Thread.ofVirtual().name("split-" + directory.getFileName()).start(task));
            for (int i = 0; i < parts.size(); i++) {
                Path file = files.get(i);
                awaitPart(file, split);
                long bytes = Files.size(file);
                store.upload(store.workBucket(), parts.get(i).key(), file, "application/pdf");
                Files.delete(file); // makes room for the sandbox's next part
                onStored.stored(parts.get(i), bytes);
            }
            join(split);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            // Removing the directory also tells a sandbox still splitting that the work is abandoned.
            FileSystemUtils.deleteRecursively(directory.toFile());
            if (split != null && !split.isDone()) {
                // A part it was writing meanwhile may have kept the directory: once it stopped, remove that too.
                awaitQuietly(split);
                FileSystemUtils.deleteRecursively(directory.toFile());
            }
        }
    }

    private static void awaitQuietly(CompletableFuture<Void> split) {
        try {
            split.get(ABANDON_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // it failed or is still going; whatever it leaves is in the temp directory's own cleanup
        }
    }

    /** Waits for the part's file, or for the split to end without it (rethrowing why). */
    private static void awaitPart(Path file, CompletableFuture<Void> split) {
        while (!Files.exists(file)) {
            if (split.isDone()) {
                join(split);
                if (!Files.exists(file)) {
                    throw new IllegalStateException("the sandbox finished without writing " + file.getFileName());
                }
                return;
            }
            try {
                split.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                // checked again above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while splitting", e);
            }
        }
    }

    private static void join(CompletableFuture<Void> split) {
        try {
            split.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause; // DocumentRejectedException keeps its reason
            }
            throw e;
        }
    }
}
