package dev.docpipe.core.document;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import java.util.Collections;
import java.util.Iterator;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Turns the first page of a single-page PDF, or an image, into an RGB PNG file. The pixel size is
 * decided before anything is allocated: from the crop box, the page's UserUnit and the resolution
 * for a PDF (PDFBox itself ignores UserUnit, so it is applied here and the page comes out at its
 * true size), from the header for an image. A page too large is rendered at the resolution that
 * fits the cap, or fails with PAGE_TOO_LARGE; an image too large is decoded subsampled.
 */
public class PageRasterizer {

    private final SafePdfOpener opener;
    private final RenderLimits limits;

    public PageRasterizer(SafePdfOpener opener, RenderLimits limits) {
        this.opener = opener;
        this.limits = limits;
    }

    /** A page written as PNG: its pixel size and the resolution it was rendered at (0 for an image). */
    public record Raster(int width, int height, int dpi) {}

    public Raster renderPdf(Path file, long size, int requestedDpi, Path png) {
        BufferedImage image;
        int dpi;
        try (PDDocument pdf = opener.open(file, size)) {
            PDPage page = pdf.getPage(0);
            dpi = fittingDpi(page, requestedDpi);
            image = new PDFRenderer(pdf).renderImage(0, scale(dpi, userUnit(page)), ImageType.RGB);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DocumentRejectedException rejected) {
                throw rejected;
            }
            throw new DocumentRejectedException(FailureReason.CORRUPT, "cannot render: " + e, e);
        }
        // Outside the try: a full disk is our fault, not the document's, and is retried.
        PngWriter.write(image, png);
        return new Raster(image.getWidth(), image.getHeight(), dpi);
    }

    /**
     * Points to pixels. PDFBox floors {@code points * scale} in float, where 150 / 72 rounds down:
     * a Letter page (792 pt) came out 1649 px tall instead of 1650. The next float up keeps every
     * exact product exact.
     */
    static float scale(int dpi, float userUnit) {
        return Math.nextUp(dpi / 72f * userUnit);
    }

    /** The requested resolution, lowered until the longer side fits the cap. */
    public int fittingDpi(PDPage page, int requestedDpi) {
        PDRectangle box = page.getCropBox();
        double longerSide = Math.max(Math.abs(box.getWidth()), Math.abs(box.getHeight())) * userUnit(page);
        if (!(longerSide > 0) || Double.isInfinite(longerSide)) {
            throw new DocumentRejectedException(FailureReason.CORRUPT, "the page has an empty or invalid crop box: " + box);
        }
        if (longerSide / 72.0 * requestedDpi <= limits.maxPixelsPerSide()) {
            return requestedDpi;
        }
        int dpi = (int) Math.floor(limits.maxPixelsPerSide() * 72.0 / longerSide);
        if (dpi < limits.minDpi()) {
            throw new DocumentRejectedException(FailureReason.PAGE_TOO_LARGE,
                    "%.0f x %.0f pt (UserUnit %.2f) fits %d px a side only at %d dpi, below the minimum of %d".formatted(
                            box.getWidth(), box.getHeight(), userUnit(page), limits.maxPixelsPerSide(), dpi, limits.minDpi()));
        }
        return dpi;
    }

    /** Decodes an image, flattens it onto white RGB, and scales it down to the cap. */
    public Raster normaliseImage(Path file, Path png) {
        BufferedImage image = decode(file);
        double scale = Math.min(1.0, (double) limits.maxPixelsPerSide() / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, Color.WHITE, null);
        } finally {
            g.dispose();
        }
        PngWriter.write(rgb, png);
        return new Raster(width, height, 0);
    }

    /**
     * Decodes an image with memory bounded by the cap, not by the size its header declares: the
     * header is read first, and an image over the cap is decoded keeping only every n-th pixel of
     * every n-th row, so a small file declaring a huge image (a pixel bomb) never gets its full
     * raster allocated. An image between one and two caps a side comes out between half the cap
     * and the cap, still far above what OCR needs.
     */
    private BufferedImage decode(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
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

    private static float userUnit(PDPage page) {
        float unit = page.getUserUnit();
        return unit > 0 && Float.isFinite(unit) ? unit : 1f;
    }

    /** PNG output through ImageIO. */
    static final class PngWriter {
        private PngWriter() {}

        static void write(BufferedImage image, Path png) {
            try {
                if (!ImageIO.write(image, "png", png.toFile())) {
                    throw new IllegalStateException("no PNG writer");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
