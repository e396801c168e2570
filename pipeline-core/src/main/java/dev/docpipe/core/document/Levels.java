package dev.docpipe.core.document;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * Rounds every channel of a page image to fewer levels, in place, before it is encoded. PDFBox
 * draws glyph outlines unhinted at fractional positions, so every stem edge carries a few grey
 * levels, and that noise is what makes its PNGs of text larger than MuPDF's (measured: the same
 * pixels encoded by either encoder come out the same size). Black and white stay exact; a pixel
 * moves by at most half a step.
 */
final class Levels {

    private static final int WHITE = QualityGate.WHITE;

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
                    data[i] = reduced(data[i], table);
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
        BufferedImage grey = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        int[] source = PixelArrays.rgb(rgb);
        if (source == null) {
            for (int y = 0; y < rgb.getHeight(); y++) {
                for (int x = 0; x < rgb.getWidth(); x++) {
                    grey.getRaster().setSample(x, y, 0, luma(rgb.getRGB(x, y)));
                }
            }
            return grey;
        }
        byte[] target = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < source.length; i++) {
            target[i] = (byte) luma(source[i]);
        }
        return grey;
    }

    /**
     * A page in its colour mode (grey bytes or RGB ints, with a {@link PixelArrays pixel array})
     * with fewer levels, in place, and the quality gate's sample of it taken in the same pass
     * before the reduction (by the gate's luma for RGB): sampling and reducing a page as separate
     * passes cost more than drawing its text. Runs of one value, most of a page, cost least.
     */
    static BufferedImage reduce(BufferedImage page, int levels, QualityGate.Sampler sampler) {
        byte[] grey = PixelArrays.grey(page);
        if (grey != null) {
            reduceGrey(grey, page.getWidth(), page.getHeight(), levels, sampler);
            return page;
        }
        int width = page.getWidth();
        int height = page.getHeight();
        int[] pixels = PixelArrays.rgb(page);
        byte[] table = table(Math.min(levels, 256));
        int step = sampler.step();
        int columns = sampler.columns();
        int[] inks = sampler.inks();
        // Runs of one colour (paper, mostly) take the values of the pixel before.
        int last = pixels.length > 0 ? ~pixels[0] : 0;
        int lastInk = 0;
        int lastReduced = 0;
        for (int y = 0; y < height; y++) {
            int i = y * width;
            int rowEnd = i + width;
            if (sampler.samples(y)) {
                for (int sx = 0; sx < columns; sx++) {
                    int ink = 0;
                    for (int boxEnd = i + step; i < boxEnd; i++) {
                        int pixel = pixels[i];
                        if (pixel != last) {
                            last = pixel;
                            lastInk = WHITE - QualityGate.Sampler.luma(pixel);
                            lastReduced = reduced(pixel, table);
                        }
                        ink += lastInk;
                        pixels[i] = lastReduced;
                    }
                    inks[sx] += ink;
                }
                sampler.rowDone(y);
            }
            for (; i < rowEnd; i++) {
                int pixel = pixels[i];
                if (pixel != last) {
                    last = pixel;
                    lastReduced = reduced(pixel, table);
                    lastInk = WHITE - QualityGate.Sampler.luma(pixel);
                }
                pixels[i] = lastReduced;
            }
        }
        return page;
    }

    /**
     * In place. White, most of a page, stays white in every table and adds no ink to the sample,
     * so it is neither written nor summed, and a row that is white throughout (margins, the space
     * between lines) is found by one vectorised comparison and skipped whole, as is the white a
     * row starts with.
     */
    private static void reduceGrey(byte[] pixels, int width, int height, int levels, QualityGate.Sampler sampler) {
        byte[] table = table(Math.min(levels, 256));
        int step = sampler.step();
        int columns = sampler.columns();
        int[] inks = sampler.inks();
        byte[] whiteRow = new byte[width];
        Arrays.fill(whiteRow, (byte) WHITE);
        for (int y = 0; y < height; y++) {
            int rowStart = y * width;
            int rowEnd = rowStart + width;
            int firstInk = Arrays.mismatch(pixels, rowStart, rowEnd, whiteRow, 0, width);
            boolean sampled = sampler.samples(y);
            if (firstInk < 0) {
                if (sampled) {
                    sampler.rowDone(y);
                }
                continue;
            }
            int i = rowStart + firstInk;
            if (sampled) {
                int sx = firstInk / step;
                i = rowStart + sx * step;
                for (; sx < columns; sx++) {
                    int ink = 0;
                    for (int boxEnd = i + step; i < boxEnd; i++) {
                        int g = pixels[i] & 0xff;
                        if (g != WHITE) {
                            ink += WHITE - g;
                            pixels[i] = table[g];
                        }
                    }
                    inks[sx] += ink;
                }
                sampler.rowDone(y);
            }
            for (; i < rowEnd; i++) {
                int g = pixels[i] & 0xff;
                if (g != WHITE) {
                    pixels[i] = table[g];
                }
            }
        }
    }

    private static int reduced(int rgb, byte[] table) {
        return (table[(rgb >> 16) & 0xff] & 0xff) << 16 | (table[(rgb >> 8) & 0xff] & 0xff) << 8 | table[rgb & 0xff] & 0xff;
    }

    private static int luma(int rgb) {
        return (77 * ((rgb >> 16) & 0xff) + 150 * ((rgb >> 8) & 0xff) + 29 * (rgb & 0xff) + 128) >> 8;
    }

    /** Every table, by number of levels, made once (64 KB): a page is reduced with the same one every time. */
    private static final byte[][] TABLES = new byte[257][];

    static {
        for (int levels = 2; levels < TABLES.length; levels++) {
            TABLES[levels] = newTable(levels);
        }
    }

    private static byte[] table(int levels) {
        return levels >= 2 && levels < TABLES.length ? TABLES[levels] : newTable(levels);
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
