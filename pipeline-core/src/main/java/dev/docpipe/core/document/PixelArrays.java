package dev.docpipe.core.document;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/**
 * A page image's own pixel array, when it holds exactly the image's pixels row after row (as
 * PDFBox renders RGB and as grey images are made here), so the hot loops over a page read and write
 * it directly; null for any other layout, which then goes through the slower generic accessors.
 */
final class PixelArrays {

    private PixelArrays() {}

    /** The pixels of a TYPE_INT_RGB image, or null. */
    static int[] rgb(BufferedImage image) {
        Raster raster = image.getRaster();
        if (image.getType() == BufferedImage.TYPE_INT_RGB && raster.getDataBuffer() instanceof DataBufferInt ints
                && ints.getNumBanks() == 1 && ints.getOffset() == 0 && raster.getParent() == null
                && ints.getData().length == image.getWidth() * image.getHeight()) {
            return ints.getData();
        }
        return null;
    }

    /** The pixels of a TYPE_BYTE_GRAY image, or null. */
    static byte[] grey(BufferedImage image) {
        Raster raster = image.getRaster();
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY && raster.getDataBuffer() instanceof DataBufferByte bytes
                && bytes.getNumBanks() == 1 && bytes.getOffset() == 0 && raster.getParent() == null
                && bytes.getData().length == image.getWidth() * image.getHeight()) {
            return bytes.getData();
        }
        return null;
    }
}
