package dev.docpipe.core.document;

import dev.docpipe.core.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;

/** Writes a page range of a source document to the work bucket, through a temp file it then deletes. */
public class PartWriter {

    private final ObjectStore store;

    public PartWriter(ObjectStore store) {
        this.store = store;
    }

    public void write(PDDocument source, int firstPage, int lastPage, String key) {
        Path part = store.createTempFile();
        try {
            PageRangeExtractor.extract(source, firstPage, lastPage, part);
            store.upload(store.workBucket(), key, part, "application/pdf");
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
