package dev.docpipe.benchmarks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Renders sampled pages from the source and from the part docpipe wrote, with PDFBox at 50 dpi,
 * and compares them pixel by pixel: a part must look exactly like the pages it was cut from.
 */
final class PageComparison {

    private static final float DPI = 50;

    /** How the sampled pages compared: identical, different, or not renderable from the source. */
    record Outcome(int identical, List<Integer> different, int failed) {}

    private PageComparison() {}

    static Set<Integer> sample(int pages, int count) {
        Random random = new Random(pages);
        Set<Integer> sample = new TreeSet<>();
        while (sample.size() < Math.min(count, pages)) {
            sample.add(1 + random.nextInt(pages));
        }
        return sample;
    }

    /** Compares the first page of each kept part named {@code part-<first>-<last>.pdf} ... and every sampled page in it. */
    static Outcome compare(Path source, Path kept, int pagesPerPart) throws IOException {
        int identical = 0;
        int failed = 0;
        List<Integer> different = new ArrayList<>();
        List<Path> parts;
        try (Stream<Path> files = Files.list(kept)) {
            parts = files.sorted().toList();
        }
        try (PDDocument document = Loader.loadPDF(new RandomAccessReadBufferedFile(source), "", null, null,
                IOUtils.createTempFileOnlyStreamCache())) {
            PDFRenderer before = new PDFRenderer(document);
            for (Path file : parts) {
                String[] range = file.getFileName().toString().replace("part-", "").replace(".pdf", "").split("-");
                int first = Integer.parseInt(range[0]);
                int last = Integer.parseInt(range[1]);
                try (PDDocument part = Loader.loadPDF(file.toFile())) {
                    PDFRenderer after = new PDFRenderer(part);
                    for (int page = first; page <= last; page++) {
                        BufferedImage expected;
                        try {
                            expected = before.renderImageWithDPI(page - 1, DPI);
                        } catch (IOException | RuntimeException e) {
                            failed++; // a damaged corpus page: nothing to compare against
                            continue;
                        }
                        if (samePixels(expected, after.renderImageWithDPI(page - first, DPI))) {
                            identical++;
                        } else {
                            different.add(page);
                        }
                    }
                }
            }
        }
        return new Outcome(identical, different, failed);
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
