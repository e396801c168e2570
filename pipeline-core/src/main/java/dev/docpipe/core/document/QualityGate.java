package dev.docpipe.core.document;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * A cheap look at a rendered page before the model gets it: is there anything on it, and is it
 * sharp enough to read? Measured on a grey copy at most {@link #SAMPLE_SIDE} pixels a side, so it
 * costs a few milliseconds and the thresholds do not depend on the resolution.
 * <ul>
 *   <li><b>blank</b>: the grey levels hardly deviate (near-uniform: white, black, grey fog), or
 *       almost no pixel differs from the background (a speck is not content);
 *   <li><b>blurred</b>: the variance of the Laplacian, taken only where there is content (so a page
 *       with one line of text is not mistaken for a blurred one), is low: edges are smeared.
 * </ul>
 * A sharp photograph with soft gradients can read as blurred: the thresholds are configurable.
 */
public final class QualityGate {

    /** The longer side of the sample the measures are taken on. */
    static final int SAMPLE_SIDE = 800;
    static final int WHITE = 255;
    /** A pixel this far from the background level counts as ink. */
    private static final int INK_CONTRAST = 64;
    /** A pixel this far from the background counts as content for the sharpness measure. */
    private static final int CONTENT_CONTRAST = 16;

    private final QualityThresholds thresholds;

    public QualityGate(QualityThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** What the gate found, and its verdict: CLEAN, BLANK or BLURRED. */
    public record PageQuality(Verdict verdict, double deviation, double ink, double sharpness) {
        public boolean flagged() {
            return verdict != Verdict.CLEAN;
        }

        public String describe() {
            return "%s (grey deviation %.1f, ink %.4f, sharpness %.0f)".formatted(verdict, deviation, ink, sharpness);
        }
    }

    public enum Verdict { CLEAN, BLANK, BLURRED }

    public PageQuality judge(BufferedImage image) {
        return judge(Sample.of(image));
    }

    PageQuality judge(Sample s) {
        int[] histogram = new int[256];
        for (byte b : s.grey) {
            histogram[b & 0xff]++;
        }
        int background = median(histogram, s.grey.length);
        double mean = 0;
        for (int v = 0; v < 256; v++) {
            mean += (double) v * histogram[v];
        }
        mean /= s.grey.length;
        double variance = 0;
        long inkPixels = 0;
        for (int v = 0; v < 256; v++) {
            variance += (v - mean) * (v - mean) * histogram[v];
            if (Math.abs(v - background) > INK_CONTRAST) {
                inkPixels += histogram[v];
            }
        }
        double deviation = Math.sqrt(variance / s.grey.length);
        double ink = (double) inkPixels / s.grey.length;
        double sharpness = sharpness(s, background);
        Verdict verdict;
        if (deviation < thresholds.blankDeviation() || ink < thresholds.blankInk()) {
            verdict = Verdict.BLANK;
        } else if (sharpness < thresholds.minSharpness()) {
            verdict = Verdict.BLURRED;
        } else {
            verdict = Verdict.CLEAN;
        }
        return new PageQuality(verdict, deviation, ink, sharpness);
    }

    /** The mean squared Laplacian over the pixels that differ from the background. */
    private static double sharpness(Sample s, int background) {
        double sum = 0;
        long count = 0;
        for (int y = 1; y < s.height - 1; y++) {
            int row = y * s.width;
            for (int x = 1; x < s.width - 1; x++) {
                int i = row + x;
                int centre = s.grey[i] & 0xff;
                if (Math.abs(centre - background) <= CONTENT_CONTRAST) {
                    continue;
                }
                int laplacian = (s.grey[i - 1] & 0xff) + (s.grey[i + 1] & 0xff)
                        + (s.grey[i - s.width] & 0xff) + (s.grey[i + s.width] & 0xff) - 4 * centre;
                sum += (double) laplacian * laplacian;
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static int median(int[] histogram, int total) {
        int seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += histogram[v];
            if (seen * 2 >= total) {
                return v;
            }
        }
        return 255;
    }

    /** Grey levels of the page, box-averaged down to at most SAMPLE_SIDE a side. */
    record Sample(byte[] grey, int width, int height) {

        static Sample of(BufferedImage image) {
            int w = image.getWidth();
            Sampler sampler = new Sampler(w, image.getHeight());
            byte[] greyPixels = PixelArrays.grey(image);
            int[] rgbPixels = greyPixels == null ? PixelArrays.rgb(image) : null;
            int[] row = greyPixels == null && rgbPixels == null ? new int[w] : null;
            for (int y = 0; sampler.samples(y); y++) {
                if (greyPixels != null) {
                    sampler.addGreyRow(greyPixels, y * w);
                } else if (rgbPixels != null) {
                    sampler.addRgbRow(rgbPixels, y * w);
                } else {
                    image.getRGB(0, y, w, 1, row, 0, w);
                    sampler.addRgbRow(row, 0);
                }
                sampler.rowDone(y);
            }
            return sampler.sample();
        }
    }

    /**
     * The sample, taken row by row as a page's pixels go by: {@link Levels} fills it in the same
     * pass that reduces a rendered page, so the page is read once. Each row adds the ink of its
     * pixels (255 less the grey level), {@link #step()} at a time, to the sums of the sample's
     * columns; every {@code step} rows make a sample row. Summing ink rather than grey lets a pass
     * skip white, most of a page, without adding anything. The rows and columns past the last
     * whole box are not sampled.
     */
    static final class Sampler {

        private final int step;
        private final int width;
        private final int height;
        private final byte[] grey;
        private final int[] inks;

        Sampler(int imageWidth, int imageHeight) {
            step = Math.max(1, (int) Math.ceil((double) Math.max(imageWidth, imageHeight) / SAMPLE_SIDE));
            width = Math.max(1, imageWidth / step);
            height = Math.max(1, imageHeight / step);
            grey = new byte[width * height];
            inks = new int[width];
        }

        /** A sampler for a page of this size whose boxes all lie inside it, or null for a page thinner than a box. */
        static Sampler fitting(int imageWidth, int imageHeight) {
            Sampler sampler = new Sampler(imageWidth, imageHeight);
            return imageWidth >= sampler.step && imageHeight >= sampler.step ? sampler : null;
        }

        int step() {
            return step;
        }

        /** Boxes per sample row. */
        int columns() {
            return width;
        }

        /** Whether image row {@code y} falls in the sample. */
        boolean samples(int y) {
            return y < height * step;
        }

        /** The running ink sums of the current sample row, one per box column, for a caller's own loop. */
        int[] inks() {
            return inks;
        }

        void addGreyRow(byte[] pixels, int at) {
            for (int sx = 0; sx < width; sx++) {
                int ink = 0;
                for (int end = at + step; at < end; at++) {
                    ink += WHITE - (pixels[at] & 0xff);
                }
                inks[sx] += ink;
            }
        }

        void addRgbRow(int[] pixels, int at) {
            for (int sx = 0; sx < width; sx++) {
                int ink = 0;
                for (int end = at + step; at < end; at++) {
                    ink += WHITE - luma(pixels[at]);
                }
                inks[sx] += ink;
            }
        }

        /** Ends image row {@code y}; the last row of a box makes the sample row. */
        void rowDone(int y) {
            if (y % step == step - 1 && samples(y)) {
                int at = y / step * width;
                int box = step * step;
                for (int sx = 0; sx < width; sx++) {
                    int ink = inks[sx];
                    // white boxes, most of them, spare the division
                    grey[at + sx] = ink == 0 ? (byte) WHITE : (byte) ((WHITE * box - ink) / box);
                }
                Arrays.fill(inks, 0);
            }
        }

        Sample sample() {
            return new Sample(grey, width, height);
        }

        /** The luma an RGB page is judged by. */
        static int luma(int rgb) {
            return (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff)) / 1000;
        }
    }
}
