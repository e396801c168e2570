package dev.docpipe.benchmarks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A large PDF for the split benchmark, assembled by qpdf: every corpus file qpdf can read,
 * concatenated a number of times, then pages of incompressible images to reach a size. Each copy
 * goes in under its own name, so qpdf copies its objects again instead of sharing them.
 */
final class LargeDocument {

    private static final int IMAGE_BLOCK = 100;

    private LargeDocument() {}

    static Path build(SplitOptions options, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> inputs = new ArrayList<>();
        if (options.copies() > 0) {
            // Screening the corpus takes a minute: a concatenation from an earlier run is reused.
            Path corpus = dir.resolve("corpus.pdf");
            if (!Files.exists(corpus)) {
                concatenate(readable(options.corpus()), corpus);
            }
            for (int i = 0; i < options.copies(); i++) {
                inputs.add(link(corpus, dir.resolve("corpus-%d.pdf".formatted(i))));
            }
        }
        if (options.imagePages() > 0) {
            Path block = dir.resolve("images-%d.pdf".formatted(options.imageSize().toBytes()));
            if (!Files.exists(block)) {
                writeImagePages(block, IMAGE_BLOCK, (int) options.imageSize().toBytes());
            }
            for (int left = options.imagePages(), i = 0; left > 0; left -= IMAGE_BLOCK, i++) {
                String copy = link(block, dir.resolve("image-block-%d.pdf".formatted(i)));
                inputs.add(copy);
                if (left < IMAGE_BLOCK) {
                    inputs.add("1-" + left);
                }
            }
        }
        Path document = dir.resolve("large.pdf");
        List<String> command = new ArrayList<>(List.of("qpdf", "--empty", "--pages"));
        command.addAll(inputs);
        command.addAll(List.of("--", document.toString()));
        run(command);
        return document;
    }

    /** The corpus files qpdf opens and finds pages in: many are broken on purpose. */
    private static List<String> readable(Path corpus) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> readable = new ArrayList<>();
        for (Path file : files) {
            // Files qpdf only reads with warnings can still abort a concatenation: clean ones only.
            if (qpdf("--check", file) != null && String.valueOf(qpdf("--show-npages", file)).matches("[1-9][0-9]*")) {
                readable.add(file.toString());
            }
        }
        return readable;
    }

    /** @return what qpdf printed, or null unless it exited 0 within 10 s */
    private static String qpdf(String option, Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("qpdf", option, file.toString()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes()).trim();
            } catch (IOException e) {
                return "";
            }
        });
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return null;
        }
        return process.exitValue() == 0 ? out.join() : null;
    }

    private static Path concatenate(List<String> files, Path target) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("qpdf", "--empty", "--pages"));
        command.addAll(files);
        command.addAll(List.of("--", target.toString()));
        run(command);
        return target;
    }

    private static String link(Path target, Path link) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target.getFileName());
        return link.toString();
    }

    /** Letter pages, each one JPEG of noise (which does not compress) of about {@code bytes}. */
    private static void writeImagePages(Path file, int pages, int bytes) throws IOException {
        Random random = new Random(42);
        // Noise at quality 0.9 costs about 1.3 bytes per pixel.
        int side = (int) Math.max(16, Math.sqrt(bytes / 1.3));
        try (PDDocument document = new PDDocument()) {
            for (int n = 0; n < pages; n++) {
                BufferedImage noise = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        noise.setRGB(x, y, random.nextInt(0x1000000));
                    }
                }
                PDImageXObject image = JPEGFactory.createFromImage(document, noise, 0.9f);
                PDPage page = new PDPage(PDRectangle.LETTER);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.drawImage(image, 36, 36, 540, 540);
                }
            }
            document.save(file.toFile());
        }
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        // qpdf exits 3 on warnings, which damaged corpus files give plenty of.
        if (exit != 0 && exit != 3) {
            throw new UncheckedIOException(new IOException("%s exited %d".formatted(command.getFirst(), exit)));
        }
    }
}
