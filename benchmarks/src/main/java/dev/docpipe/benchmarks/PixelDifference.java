package dev.docpipe.benchmarks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * How far the renderer's pages are from a reference rendering of the same pages, as grey levels
 * (0-255): per page, the mean absolute difference over the area both cover, and the share of
 * pixels more than 64 levels apart (a glyph drawn elsewhere, a missing image). Pages whose sizes
 * differ by more than 2 px are counted apart: they were laid out differently, not drawn differently.
 */
record PixelDifference(int compared, int sizeMismatches, double medianMean, double p90Mean, double maxMean,
        double medianFarShare, int withinTolerance, double tolerance) {

    /** A page within this mean difference is taken to match: anti-aliasing and font hinting differ by a few levels. */
    static final double TOLERANCE = 8.0;

    /**
     * @param ours      a folder of per-document folders holding {@code page-N.png}
     * @param reference the same layout, the reference tool's {@code N.png}
     */
    static PixelDifference compare(Path ours, Path reference, Function<String, String> ourName) throws IOException {
        List<double[]> pages = new ArrayList<>();
        int mismatches = 0;
        if (!Files.isDirectory(reference)) {
            return new PixelDifference(0, 0, 0, 0, 0, 0, 0, TOLERANCE);
        }
        try (Stream<Path> documents = Files.list(reference)) {
            for (Path document : documents.sorted().toList()) {
                try (Stream<Path> pngs = Files.list(document)) {
                    for (Path theirs : pngs.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
                        String number = theirs.getFileName().toString().replace(".png", "");
                        Path mine = ours.resolve(document.getFileName()).resolve(ourName.apply(number));
                        if (!Files.exists(mine)) {
                            continue;
                        }
                        double[] difference = difference(ImageIO.read(mine.toFile()), ImageIO.read(theirs.toFile()));
                        if (difference == null) {
                            mismatches++;
                        } else {
                            pages.add(difference);
                        }
                    }
                }
            }
        }
        if (pages.isEmpty()) {
            return new PixelDifference(0, mismatches, 0, 0, 0, 0, 0, TOLERANCE);
        }
        double[] means = pages.stream().mapToDouble(d -> d[0]).sorted().toArray();
        double[] far = pages.stream().mapToDouble(d -> d[1]).sorted().toArray();
        int within = (int) Arrays.stream(means).filter(m -> m <= TOLERANCE).count();
        return new PixelDifference(means.length, mismatches, percentile(means, 50), percentile(means, 90), means[means.length - 1],
                percentile(far, 50), within, TOLERANCE);
    }

    private static double[] difference(BufferedImage a, BufferedImage b) {
        if (a == null || b == null || Math.abs(a.getWidth() - b.getWidth()) > 2 || Math.abs(a.getHeight() - b.getHeight()) > 2) {
            return null;
        }
        int w = Math.min(a.getWidth(), b.getWidth());
        int h = Math.min(a.getHeight(), b.getHeight());
        int[] rowA = new int[w];
        int[] rowB = new int[w];
        long sum = 0;
        long far = 0;
        for (int y = 0; y < h; y++) {
            greyRow(a, y, rowA);
            greyRow(b, y, rowB);
            for (int x = 0; x < w; x++) {
                int d = Math.abs(rowA[x] - rowB[x]);
                sum += d;
                if (d > 64) {
                    far++;
                }
            }
        }
        double pixels = (double) w * h;
        return new double[] {sum / pixels, far / pixels};
    }

    /** A grey PNG's own levels (getRGB would pass them through Java2D's linear grey colour space), or the luma of RGB. */
    private static void greyRow(BufferedImage image, int y, int[] row) {
        if (image.getColorModel().getNumComponents() == 1) {
            image.getRaster().getSamples(0, y, row.length, 1, 0, row);
            return;
        }
        image.getRGB(0, y, row.length, 1, row, 0, row.length);
        for (int x = 0; x < row.length; x++) {
            row[x] = luma(row[x]);
        }
    }

    private static int luma(int rgb) {
        return (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff)) / 1000;
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p / 100.0 * sorted.length))];
    }
}
