package dev.docpipe.core.document;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Brings an image input (PNG, JPEG, TIFF; every page of a multi-page TIFF is a page) to the
 * standard: flattened onto white, in the page colour mode, its longer side scaled down to the
 * standard size. Scaling down is done by halving (each halving averages 2x2 pixels) while the image
 * is at least twice the target, then one bicubic step: a single bicubic step from far above would
 * skip pixels and alias thin strokes.
 */
final class ImageNormaliser {

    private final RenderLimits limits;

    ImageNormaliser(RenderLimits limits) {
        this.limits = limits;
    }

    /** The pages of an image: the images of a TIFF, one for anything else. */
    int pages(Path file, int maxPages) {
        return withReader(file, reader -> {
            int count = reader.getNumImages(true);
            if (count > maxPages) {
                throw new DocumentRejectedException(FailureReason.TOO_MANY_PAGES, "%d images, the limit is %d".formatted(count, maxPages));
            }
            if (count < 1) {
                throw new DocumentRejectedException(FailureReason.UNSUPPORTED_IMAGE, "the file holds no image");
            }
            return count;
        });
    }

    /** Page {@code pageNumber} (1-based) of the image, at the standard size and colour mode. */
    BufferedImage normalise(Path file, int pageNumber, RenderSettings settings) {
        BufferedImage decoded = decode(file, pageNumber - 1, settings.imageLongSide());
        int longSide = Math.min(settings.imageLongSide(), limits.maxPixelsPerSide());
        double scale = Math.min(1.0, (double) longSide / Math.max(decoded.getWidth(), decoded.getHeight()));
        int width = Math.max(1, (int) Math.round(decoded.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(decoded.getHeight() * scale));
        // Flattened onto white once, at full size, then reduced to grey (by sRGB luma, as the page
        // renderer does; Java2D's own grey is linear): every later step works on 1 or 3 channels.
        BufferedImage flat = draw(decoded, decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB,
                RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        BufferedImage image = settings.grey() ? Levels.grey(flat) : flat;
        int type = image.getType();
        while (image.getWidth() >= 2 * width && image.getHeight() >= 2 * height) {
            image = draw(image, image.getWidth() / 2, image.getHeight() / 2, type, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (image.getWidth() != width || image.getHeight() != height) {
            image = draw(image, width, height, type, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }
        return image;
    }

    private static BufferedImage draw(BufferedImage source, int width, int height, int type, Object interpolation) {
        BufferedImage target = new BufferedImage(width, height, type);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /**
     * Decodes one image with memory bounded by what is kept, not by the size its header declares:
     * the header is read first, and a large image is decoded keeping only every n-th pixel of every
     * n-th row, so a small file declaring a huge image (a pixel bomb) never gets its full raster
     * allocated. The period leaves at least twice the standard size (or the cap), so the scaling
     * that follows still averages pixels.
     */
    private BufferedImage decode(Path file, int index, int standardLongSide) {
        return withReader(file, reader -> {
            if (index < 0 || index >= reader.getNumImages(true)) {
                throw new DocumentRejectedException(FailureReason.UNSUPPORTED_IMAGE, "the image has no page " + (index + 1));
            }
            long longerSide = Math.max(reader.getWidth(index), reader.getHeight(index));
            long keep = Math.min(limits.maxPixelsPerSide(), 2L * standardLongSide);
            ImageReadParam param = reader.getDefaultReadParam();
            int period = (int) Math.max(1, longerSide / keep);
            if (period > 1) {
                param.setSourceSubsampling(period, period, 0, 0);
            }
            return reader.read(index, param);
        });
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(Path file, ReaderWork<T> work) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DocumentRejectedException(FailureReason.UNSUPPORTED_IMAGE, "no decoder for this image format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                return work.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (DocumentRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DocumentRejectedException(FailureReason.UNSUPPORTED_IMAGE, "cannot decode the image: " + e, e);
        }
    }
}
