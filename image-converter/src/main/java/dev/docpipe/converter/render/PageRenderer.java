package dev.docpipe.converter.render;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.SafePdfOpener;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.core.storage.LocalCopy;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.springframework.stereotype.Component;

/**
 * Renders the first page of a single-page PDF, or normalises an image, to an RGB PNG. The pixel
 * size is computed from the crop box and rotation before anything is allocated: a page that would
 * exceed the cap is rendered at the highest resolution that fits, or rejected.
 */
@Component
class PageRenderer {

    private final SafePdfOpener opener;
    private final RenderProperties limits;

    PageRenderer(SafePdfOpener opener, RenderProperties limits) {
        this.opener = opener;
        this.limits = limits;
    }

    RenderedPage render(LocalCopy source, SourceKind kind, int dpi) {
        return kind == SourceKind.IMAGE ? normalise(source) : renderPdf(source, dpi);
    }

    private RenderedPage renderPdf(LocalCopy source, int requestedDpi) {
        try (PDDocument pdf = opener.open(source.path(), source.size())) {
            PDPage page = pdf.getPage(0);
            int dpi = fittingDpi(page, requestedDpi);
            BufferedImage image = new PDFRenderer(pdf).renderImage(0, scale(dpi), ImageType.RGB);
            return encode(image, dpi);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DocumentRejectedException rejected) {
                throw rejected;
            }
            throw new DocumentRejectedException(FailureReason.CORRUPT, "cannot render: " + e, e);
        }
    }

    /**
     * Points to pixels. PDFBox floors {@code points * (dpi / 72f)} in float, where 150 / 72 rounds
     * down: a Letter page (792 pt) came out 1649 px tall instead of 1650. The next float up keeps
     * every exact product exact.
     */
    private static float scale(int dpi) {
        return Math.nextUp(dpi / 72f);
    }

    /** The requested resolution, lowered until the longer side fits the cap. */
    int fittingDpi(PDPage page, int requestedDpi) {
        PDRectangle box = page.getCropBox();
        double longerSidePoints = Math.max(Math.abs(box.getWidth()), Math.abs(box.getHeight()));
        if (longerSidePoints <= 0 || Double.isNaN(longerSidePoints)) {
            throw new DocumentRejectedException(FailureReason.CORRUPT, "the page has an empty crop box");
        }
        double pixels = longerSidePoints / 72.0 * requestedDpi;
        if (pixels <= limits.maxPixelsPerSide()) {
            return requestedDpi;
        }
        int dpi = (int) Math.floor(limits.maxPixelsPerSide() * 72.0 / longerSidePoints);
        if (dpi < limits.minDpi()) {
            throw new DocumentRejectedException(FailureReason.PAGE_TOO_LARGE, "%.0f x %.0f pt needs %d dpi to fit %d px, below the minimum of %d"
                    .formatted(box.getWidth(), box.getHeight(), dpi, limits.maxPixelsPerSide(), limits.minDpi()));
        }
        return dpi;
    }

    private RenderedPage normalise(LocalCopy source) {
        BufferedImage image = decode(source);
        double scale = Math.min(1.0, (double) limits.maxPixelsPerSide() / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return encode(rgb, 0);
    }

    /**
     * Decodes an image with memory bounded by the cap, not by the size its header declares: the
     * header is read first, and an image over the cap is decoded keeping only every n-th pixel of
     * every n-th row, so a small file declaring a huge image (a pixel bomb) never gets its full
     * raster allocated. The price: an image between one and two caps a side comes out between half
     * the cap and the cap, still far above what OCR needs.
     */
    private BufferedImage decode(LocalCopy source) {
        try (ImageInputStream in = ImageIO.createImageInputStream(source.path().toFile())) {
            Iterator<ImageReader> readers = in == null ? Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DocumentRejectedException(FailureReason.UNSUPPORTED_IMAGE, "no decoder for this image format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long longerSide = Math.max(reader.getWidth(0), reader.getHeight(0));
                ImageReadParam param = reader.getDefaultReadParam();
                int period = (int) Math.ceilDiv(longerSide, (long) limits.maxPixelsPerSide());
                if (period > 1) {
                    param.setSourceSubsampling(period, period, 0, 0);
                }
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (DocumentRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DocumentRejectedException(FailureReason.UNSUPPORTED_IMAGE, "cannot decode the image: " + e, e);
        }
    }

    private static RenderedPage encode(BufferedImage image, int dpi) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RenderedPage(out.toByteArray(), image.getWidth(), image.getHeight(), dpi);
    }
}
