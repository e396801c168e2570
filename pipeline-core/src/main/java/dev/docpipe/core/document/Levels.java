package dev.docpipe.core.document;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * Rounds every channel of a page image to fewer levels, in place, before it is encoded. PDFBox
 * draws glyph outlines unhinted at fractional positions, so every stem edge carries a few grey
 * levels, and that noise is what makes its PNGs of text larger than MuPDF's (measured: the same
 * pixels encoded by either encoder come out the same size). Black and white stay exact; a pixel
 * moves by at most half a step.
 */
final class Levels {

    private Levels() {}

    static void reduce(BufferedImage image, int levels) {
        if (levels >= 256) {
            return;
        }
        byte[] table = table(levels);
        switch (image.getRaster().getDataBuffer()) {
            case DataBufferByte bytes when image.getType() == BufferedImage.TYPE_BYTE_GRAY -> {
                byte[] data = bytes.getData();
                for (int i = 0; i < data.length; i++) {
                    data[i] = table[data[i] & 0xff];
                }
            }
            case DataBufferInt ints when image.getType() == BufferedImage.TYPE_INT_RGB -> {
                int[] data = ints.getData();
                for (int i = 0; i < data.length; i++) {
                    int rgb = data[i];
                    data[i] = (table[(rgb >> 16) & 0xff] & 0xff) << 16 | (table[(rgb >> 8) & 0xff] & 0xff) << 8 | table[rgb & 0xff] & 0xff;
                }
            }
            default -> {
                // another layout (PDFBox renders RGB as TYPE_INT_RGB, grey as TYPE_BYTE_GRAY): left as it is
            }
        }
    }

    /**
     * An RGB page as 8-bit grey, by the luma weights of sRGB (ITU-R BT.601, in 8-bit fixed point),
     * on the encoded values as every viewer and OCR engine reads them.
     */
    static BufferedImage grey(BufferedImage rgb) {
        if (rgb.getType() != BufferedImage.TYPE_INT_RGB || !(rgb.getRaster().getDataBuffer() instanceof DataBufferInt ints)
                || ints.getData().length != rgb.getWidth() * rgb.getHeight()) {
            BufferedImage grey = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < rgb.getHeight(); y++) {
                for (int x = 0; x < rgb.getWidth(); x++) {
                    grey.getRaster().setSample(x, y, 0, luma(rgb.getRGB(x, y)));
                }
            }
            return grey;
        }
        BufferedImage grey = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        int[] source = ints.getData();
        byte[] target = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < source.length; i++) {
            target[i] = (byte) luma(source[i]);
        }
        return grey;
    }

    private static int luma(int rgb) {
        return (77 * ((rgb >> 16) & 0xff) + 150 * ((rgb >> 8) & 0xff) + 29 * (rgb & 0xff) + 128) >> 8;
    }

    /** Every table, by number of levels, made once (64 KB): a page is reduced with the same one every time. */
    private static final byte[][] TABLES = new byte[256][];

    static {
        for (int levels = 2; levels < TABLES.length; levels++) {
            TABLES[levels] = newTable(levels);
        }
    }

    private static byte[] table(int levels) {
        return levels >= 2 ? TABLES[levels] : newTable(levels);
    }

    private static byte[] newTable(int levels) {
        byte[] table = new byte[256];
        double step = 255.0 / (levels - 1);
        for (int v = 0; v < 256; v++) {
            table[v] = (byte) Math.round(Math.round(v / step) * step);
        }
        return table;
    }
}
