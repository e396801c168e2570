package dev.docpipe.core.document;

import dev.docpipe.contracts.ColourMode;
import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.document.OpenDocuments.OpenDocument;
import dev.docpipe.core.document.QualityGate.PageQuality;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Turns a page of a PDF, or of an image, into a PNG file in the page colour mode (grey or RGB),
 * and judges it with the {@link QualityGate}. The pixel size is decided before anything is
 * allocated: from the crop box, the page's UserUnit and the resolution for a PDF (PDFBox itself
 * ignores UserUnit, so it is applied here and the page comes out at its true size), from the header
 * for an image. A page too large is rendered at the resolution that fits the cap, or fails with
 * PAGE_TOO_LARGE; an image too large is decoded subsampled.
 *
 * <p>Where the time goes, and what was removed (see {@code bin/benchmark render}): a grey page is
 * drawn straight into an 8-bit grey raster and encoded as an 8-bit PNG, a quarter of the pixel
 * bytes of drawing in RGB and a third of encoding it (Java2D fills and blits onto it by the same
 * sRGB luma as {@link Levels#grey}: over the render corpus and on photographs, lossless, JPEG and
 * grey, the pixels came out identical to drawing in RGB and converting, in 12 ms per page
 * instead of 19; only reading it back through {@code getRGB} goes through a linear grey);
 * each channel keeps {@link Levels fewer levels}; images
 * inside a page are subsampled when they hold more pixels than the output (a 600 dpi scan drawn at
 * 150 dpi); PNGs are deflated at a measured level; and a multi-page PDF whose pages are
 * rendered one after another is parsed once, its fonts and images cached by PDFBox across pages.
 */
public class PageRasterizer {

    private final SafePdfOpener opener;
    private final RenderLimits limits;
    private final ImageNormaliser images;
    private final OpenDocuments documents;

    public PageRasterizer(SafePdfOpener opener, RenderLimits limits) {
        this.opener = opener;
        this.limits = limits;
        this.images = new ImageNormaliser(limits);
        this.documents = new OpenDocuments(opener, PageRasterizer::renderer);
    }

    /** A page written as PNG: its pixel size, the resolution it was rendered at (0 for an image), its colour mode and quality. */
    public record Raster(int width, int height, int dpi, ColourMode colour, PageQuality quality) {}

    /** Renders page {@code pageNumber} (1-based) of a PDF. */
    public Raster renderPdf(Path file, long size, int pageNumber, int requestedDpi, RenderSettings settings, Path png) {
        BufferedImage image;
        int dpi;
        OpenDocument document = null;
        try {
            document = documents.take(file, size);
            if (pageNumber < 1 || pageNumber > document.pages()) {
                throw new DocumentRejectedException(FailureReason.CORRUPT, "no page %d in %d pages".formatted(pageNumber, document.pages()));
            }
            PDPage page = document.pdf().getPage(pageNumber - 1);
            dpi = fittingDpi(page, requestedDpi);
            image = document.renderer().renderImage(pageNumber - 1, scale(dpi, userUnit(page)), settings.grey() ? ImageType.GRAY : ImageType.RGB);
        } catch (IOException | RuntimeException e) {
            if (document != null) {
                document.close();
            }
            document = null;
            if (e instanceof DocumentRejectedException rejected) {
                throw rejected;
            }
            throw new DocumentRejectedException(FailureReason.CORRUPT, "cannot render: " + e, e);
        } finally {
            if (document != null) {
                documents.giveBack(document);
            }
        }
        // Outside the try: a full disk is our fault, not the document's, and is retried.
        return written(image, dpi, settings, png);
    }

    /** Normalises page {@code pageNumber} (1-based; a TIFF may have several) of an image to the standard size. */
    public Raster normaliseImage(Path file, int pageNumber, RenderSettings settings, Path png) {
        return written(images.normalise(file, pageNumber, settings), 0, settings, png);
    }

    /** The pages of an image input: the images of a multi-page TIFF, one for anything else. */
    public int imagePages(Path file) {
        return images.pages(file, opener.limits().maxPages());
    }

    /**
     * The page in its colour mode with fewer levels, judged by the gate on its full levels, then
     * encoded. A page with a plain pixel array (as PDFBox renders it) is sampled and reduced in
     * one pass.
     */
    private static Raster written(BufferedImage image, int dpi, RenderSettings settings, Path png) {
        QualityGate gate = new QualityGate(settings.quality());
        BufferedImage page = settings.grey() && image.getType() != BufferedImage.TYPE_BYTE_GRAY ? Levels.grey(image) : image;
        QualityGate.Sampler sampler = PixelArrays.rgb(page) != null || PixelArrays.grey(page) != null
                ? QualityGate.Sampler.fitting(page.getWidth(), page.getHeight()) : null;
        PageQuality quality;
        if (sampler != null) {
            Levels.reduce(page, settings.levels(), sampler);
            quality = gate.judge(sampler.sample());
        } else {
            quality = gate.judge(page);
            Levels.reduce(page, settings.levels());
        }
        PngWriter.write(page, settings.pngCompression(), png);
        return new Raster(page.getWidth(), page.getHeight(), dpi, settings.colour(), quality);
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

    private static float userUnit(PDPage page) {
        float unit = page.getUserUnit();
        return unit > 0 && Float.isFinite(unit) ? unit : 1f;
    }

    private static PDFRenderer renderer(PDDocument pdf) {
        PDFRenderer renderer = SamplingPageDrawer.renderer(pdf);
        // Images holding more pixels than they cover on the page are read subsampled, not decoded
        // in full and then scaled down.
        renderer.setSubsamplingAllowed(true);
        RenderingHints hints = new RenderingHints(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        hints.put(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        hints.put(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        renderer.setRenderingHints(hints);
        return renderer;
    }
}
