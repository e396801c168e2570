package dev.docpipe.converter.render;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.core.document.PageRasterizer.Raster;
import dev.docpipe.core.isolation.DocumentSandbox;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.core.storage.LocalCopy;
import dev.docpipe.core.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Converts one page: render it inside the document sandbox (pixel size capped before anything is
 * allocated), record the page, upload the PNG under its deterministic key, and announce it in the
 * shape of an S3 event notification. The page row is written before the image, so whoever sees
 * the image (our message or S3's own notification) finds the row.
 */
@Service
class PageConversion {

    private final ObjectStore store;
    private final DocumentSandbox sandbox;
    private final PipelineMessenger messenger;
    private final JdbcClient jdbc;
    private final ConversionProperties properties;

    PageConversion(ObjectStore store, DocumentSandbox sandbox, PipelineMessenger messenger, JdbcClient jdbc,
            ConversionProperties properties) {
        this.store = store;
        this.sandbox = sandbox;
        this.messenger = messenger;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    void convert(ConvertPage page) {
        Path png = store.createTempFile();
        try {
            Raster raster;
            try (LocalCopy source = store.download(page.bucket(), page.key())) {
                raster = sandbox.render(source.path(), source.size(), page.kind(), page.options().dpi(), png);
            }
            String key = ObjectKeys.pageImage(page.documentId(), page.pageNumber());
            recordPage(page, key, raster);
            store.upload(store.workBucket(), key, png, "image/png");
            long bytes = Files.size(png);
            if (properties.notifyConverted()) {
                messenger.send(PipelineQueue.PAGE_CONVERTED, S3EventNotification.objectCreated(store.workBucket(), key, bytes, Instant.now()));
            }
            StageContext.note("%dx%d px at %d dpi, %d bytes".formatted(raster.width(), raster.height(), raster.dpi(), bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(png);
        }
    }

    private void recordPage(ConvertPage page, String key, Raster raster) {
        jdbc.sql("""
                        INSERT INTO page (document_id, page_number, status, image_key, width_px, height_px)
                        VALUES (:document, :page, 'CONVERTED', :key, :width, :height)
                        ON CONFLICT (document_id, page_number) DO UPDATE
                           SET image_key = excluded.image_key, width_px = excluded.width_px,
                               height_px = excluded.height_px, updated_at = now()""")
                .param("document", page.documentId())
                .param("page", page.pageNumber())
                .param("key", key)
                .param("width", raster.width())
                .param("height", raster.height())
                .update();
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
