package dev.docpipe.core.isolation;

import dev.docpipe.core.storage.LocalCopy;
import dev.docpipe.core.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a downloaded PDF into page ranges inside the sandbox and uploads each part to the work
 * bucket under its key. The parts live on local disk only between the split and their upload.
 */
public class DocumentSplitter {

    private final DocumentSandbox sandbox;
    private final ObjectStore store;

    public DocumentSplitter(DocumentSandbox sandbox, ObjectStore store) {
        this.sandbox = sandbox;
        this.store = store;
    }

    /** A part to produce: 1-based inclusive pages of the source, and the key it is stored under. */
    public record Part(int firstPage, int lastPage, String key) {}

    public void splitAndUpload(LocalCopy source, int expectedPages, List<Part> parts) {
        List<Path> files = new ArrayList<>(parts.size());
        try {
            List<SandboxTask.Part> tasks = new ArrayList<>(parts.size());
            for (Part part : parts) {
                Path file = store.createTempFile();
                files.add(file);
                tasks.add(new SandboxTask.Part(part.firstPage(), part.lastPage(), file.toString()));
            }
            sandbox.split(source.path(), source.size(), expectedPages, tasks);
            for (int i = 0; i < parts.size(); i++) {
                store.upload(store.workBucket(), parts.get(i).key(), files.get(i), "application/pdf");
            }
        } finally {
            files.forEach(DocumentSplitter::delete);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
