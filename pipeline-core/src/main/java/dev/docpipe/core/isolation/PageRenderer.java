package dev.docpipe.core.isolation;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.PageRasterizer.Raster;
import dev.docpipe.core.document.RenderSettings;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders one page in the document sandbox, with one fallback for a page that runs past the
 * render timeout: it is killed there, and tried once more at a lower resolution, since most of a
 * pathological page's cost (shadings, transparency groups, huge images) grows with its pixels. The
 * raster reports the resolution actually used, so the page row says what the model saw. A page
 * that times out again ends TIMEOUT.
 */
public class PageRenderer {

    private static final Logger log = LoggerFactory.getLogger(PageRenderer.class);

    private final DocumentSandbox sandbox;
    private final int fallbackDpi;

    /** @param fallbackDpi the resolution of the second try; 0 for none */
    public PageRenderer(DocumentSandbox sandbox, int fallbackDpi) {
        this.sandbox = sandbox;
        this.fallbackDpi = fallbackDpi;
    }

    public Raster render(Path file, long size, SourceKind kind, int page, int dpi, RenderSettings settings, Path png) {
        try {
            return sandbox.render(file, size, kind, page, dpi, settings, png);
        } catch (DocumentRejectedException e) {
            if (e.reason() != FailureReason.TIMEOUT || kind != SourceKind.PDF || fallbackDpi <= 0 || dpi <= fallbackDpi) {
                throw e;
            }
            log.warn("Page {} timed out at {} dpi; trying {} dpi: {}", page, dpi, fallbackDpi, e.getMessage());
            try {
                return sandbox.render(file, size, kind, page, fallbackDpi, settings, png);
            } catch (DocumentRejectedException again) {
                if (again.reason() == FailureReason.TIMEOUT) {
                    throw new DocumentRejectedException(FailureReason.TIMEOUT,
                            "timed out at %d dpi and again at %d dpi: %s".formatted(dpi, fallbackDpi, again.getMessage()), again);
                }
                throw again;
            }
        }
    }
}
