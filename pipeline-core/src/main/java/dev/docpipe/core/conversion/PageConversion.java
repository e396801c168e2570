package dev.docpipe.core.conversion;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.PageImageProperties;
import dev.docpipe.core.document.PageRasterizer.Raster;
import dev.docpipe.core.document.QualityGate.PageQuality;
import dev.docpipe.core.document.RenderSettings;
import dev.docpipe.core.isolation.DocumentSandbox;
import dev.docpipe.core.isolation.PageRenderer;
import dev.docpipe.core.ledger.DocumentLedger;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Converts one page: render it inside the document sandbox (pixel size capped before anything is
 * allocated, a lower resolution tried once if the page runs past its time bound), record the page
 * with what the model will see (key layout, resolution, colour mode, quality), upload the PNG
 * under its deterministic key, and announce it in the shape of an S3 event notification. The page
 * row is written before the image, so whoever sees the image (our message or S3's own
 * notification) finds the row.
 *
 * <p>A page the quality gate flags (blank, unreadable) is copied under {@code quarantine/} with
 * its reason on the row and in the audit trail. Whether it still goes to the model is
 * configurable; if not, it is not uploaded under {@code pages/} at all (on AWS that upload is
 * what triggers inference), and it ends QUARANTINED, counted as done for its document.
 *
 * <p>Shared by the image converter and the failsafe worker's retry, so both convert the same way.
 */
public class PageConversion {

    private final ObjectStore store;
    private final PageRenderer renderer;
    private final PipelineMessenger messenger;
    private final JdbcClient jdbc;
    private final DocumentLedger ledger;
    private final TransactionTemplate tx;
    private final ConversionProperties properties;
    private final PageImageProperties pageImage;

    public PageConversion(ObjectStore store, DocumentSandbox sandbox, PipelineMessenger messenger, JdbcClient jdbc,
            DocumentLedger ledger, TransactionTemplate tx, ConversionProperties properties, PageImageProperties pageImage) {
        this.store = store;
        this.renderer = new PageRenderer(sandbox, pageImage.fallbackDpi());
        this.messenger = messenger;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.tx = tx;
        this.properties = properties;
        this.pageImage = pageImage;
    }

    /**
     * Converts the page at the resolution its options name. The image converter calls it for
     * every page; the failsafe worker calls it once more, at its lowest acceptable resolution, for
     * a page whose conversion was dead-lettered.
     */
    public void convert(ConvertPage page) {
        RenderSettings settings = pageImage.settings(page.options().colour(), page.options().quality());
        // A PDF page arrives as a single-page PDF; an image page is its place in the image (a TIFF may hold several).
        int sourcePage = page.kind() == SourceKind.IMAGE ? page.pageNumber() : 1;
        Path png = store.createTempFile();
        try {
            Raster raster;
            try (LocalCopy source = store.download(page.bucket(), page.key())) {
                raster = renderer.render(source.path(), source.size(), page.kind(), sourcePage, page.options().dpi(), settings, png);
            }
            long bytes = Files.size(png);
            PageQuality quality = raster.quality();
            boolean flagged = quality != null && quality.flagged();
            boolean infer = !flagged || pageImage.inferFlagged(page.options().quality());
            String key = ObjectKeys.pageImage(page.documentId(), page.pageNumber());
            String quarantineKey = flagged ? ObjectKeys.quarantinedPageImage(page.documentId(), page.pageNumber()) : null;
            if (flagged) {
                store.upload(store.workBucket(), quarantineKey, png, "image/png");
            }
            recordPage(page, infer ? key : quarantineKey, raster, bytes, quarantineKey);
            String outcome = "%dx%d px at %d dpi, %s, %d bytes".formatted(raster.width(), raster.height(), raster.dpi(), raster.colour(), bytes);
            if (!infer) {
                quarantined(page);
                StageContext.note("%s; quarantined, not inferred: %s".formatted(outcome, quality.describe()));
                return;
            }
            store.upload(store.workBucket(), key, png, "image/png");
            if (properties.notifyConverted()) {
                messenger.send(PipelineQueue.PAGE_CONVERTED, S3EventNotification.objectCreated(store.workBucket(), key, bytes, Instant.now()));
            }
            StageContext.note(flagged ? "%s; quarantined copy, inferred anyway: %s".formatted(outcome, quality.describe()) : outcome);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(png);
        }
    }

    private void recordPage(ConvertPage page, String key, Raster raster, long bytes, String quarantineKey) {
        PageQuality quality = raster.quality();
        jdbc.sql("""
                        INSERT INTO page (document_id, page_number, status, image_key, width_px, height_px, key_layout,
                                          render_dpi, colour_mode, image_bytes, quality, quality_detail, quarantine_key)
                        VALUES (:document, :page, 'CONVERTED', :key, :width, :height, :layout,
                                :dpi, :colour, :bytes, :quality, :detail, :quarantine)
                        ON CONFLICT (document_id, page_number) DO UPDATE
                           SET image_key = excluded.image_key, width_px = excluded.width_px,
                               height_px = excluded.height_px, key_layout = excluded.key_layout,
                               render_dpi = excluded.render_dpi, colour_mode = excluded.colour_mode,
                               image_bytes = excluded.image_bytes, quality = excluded.quality,
                               quality_detail = excluded.quality_detail, quarantine_key = excluded.quarantine_key,
                               updated_at = now()""")
                .param("document", page.documentId())
                .param("page", page.pageNumber())
                .param("key", key)
                .param("width", raster.width())
                .param("height", raster.height())
                .param("layout", ObjectKeys.PAGE_IMAGE_LAYOUT)
                .param("dpi", raster.dpi())
                .param("colour", raster.colour() == null ? null : raster.colour().name())
                .param("bytes", bytes)
                .param("quality", quality == null ? null : quality.verdict().name())
                .param("detail", quality == null ? null : quality.describe())
                .param("quarantine", quarantineKey)
                .update();
    }

    /** The page ends QUARANTINED and counts as done, once: a redelivery finds it already there. */
    private void quarantined(ConvertPage page) {
        tx.executeWithoutResult(status -> {
            int moved = jdbc.sql("""
                            UPDATE page SET status = 'QUARANTINED', updated_at = now()
                             WHERE document_id = :document AND page_number = :page AND status = 'CONVERTED'""")
                    .param("document", page.documentId())
                    .param("page", page.pageNumber())
                    .update();
            if (moved == 1) {
                ledger.pageDone(page.documentId());
            }
        });
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
