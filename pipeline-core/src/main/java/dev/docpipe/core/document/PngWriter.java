package dev.docpipe.core.document;

import com.pngencoder.PngEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Page images as PNG through pngencoder: at deflate level 4 it encoded a page faster than ImageIO
 * at the same size or smaller (measured with {@code bin/benchmark render}). A grey image is
 * written as an 8-bit grey PNG, a third of the bytes of RGB. Compression stays on the calling
 * thread: every core already renders a page of its own.
 */
final class PngWriter {

    private PngWriter() {}

    static long write(BufferedImage image, int compressionLevel, Path png) {
        try (OutputStream out = Files.newOutputStream(png)) {
            return new PngEncoder()
                    .withBufferedImage(image)
                    .withCompressionLevel(compressionLevel)
                    .withMultiThreadedCompressionEnabled(false)
                    .toStream(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
