package dev.docpipe.converter.render;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.core.storage.LocalCopy;
import dev.docpipe.core.storage.ObjectStore;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Converts one page: render, record the page, upload the PNG under its deterministic key, and
 * announce it in the shape of an S3 event notification. The page row is written before the image,
 * so whoever sees the image (our message or S3's own notification) finds the row.
 */
@Service
class PageConversion {

    private final ObjectStore store;
    private final PageRenderer renderer;
    private final PipelineMessenger messenger;
    private final JdbcClient jdbc;
    private final RenderProperties properties;

    PageConversion(ObjectStore store, PageRenderer renderer, PipelineMessenger messenger, JdbcClient jdbc, RenderProperties properties) {
        this.store = store;
        this.renderer = renderer;
        this.messenger = messenger;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    void convert(ConvertPage page) {
        RenderedPage rendered;
        try (LocalCopy source = store.download(page.bucket(), page.key())) {
            rendered = renderer.render(source, page.kind(), page.options().dpi());
        }
        String key = ObjectKeys.pageImage(page.documentId(), page.pageNumber());
        recordPage(page, key, rendered);
        store.upload(store.workBucket(), key, rendered.png(), "image/png");
        if (properties.notifyConverted()) {
            messenger.send(PipelineQueue.PAGE_CONVERTED,
                    S3EventNotification.objectCreated(store.workBucket(), key, rendered.png().length, Instant.now()));
        }
        StageContext.note("%dx%d px at %d dpi, %d bytes".formatted(rendered.width(), rendered.height(), rendered.dpi(), rendered.png().length));
    }

    private void recordPage(ConvertPage page, String key, RenderedPage rendered) {
        jdbc.sql("""
                        INSERT INTO page (document_id, page_number, status, image_key, width_px, height_px)
                        VALUES (:document, :page, 'CONVERTED', :key, :width, :height)
                        ON CONFLICT (document_id, page_number) DO UPDATE
                           SET image_key = excluded.image_key, width_px = excluded.width_px,
                               height_px = excluded.height_px, updated_at = now()""")
                .param("document", page.documentId())
                .param("page", page.pageNumber())
                .param("key", key)
                .param("width", rendered.width())
                .param("height", rendered.height())
                .update();
    }
}
