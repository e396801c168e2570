package dev.docpipe.benchmarks;

import java.nio.file.Path;
import org.springframework.util.unit.DataSize;

/**
 * What {@link SplitBenchmark} splits and how.
 *
 * @param source        an existing PDF to split; null to generate one
 * @param corpus        real-world PDFs to concatenate into the generated document
 * @param copies        how many times the corpus is repeated in it
 * @param imagePages    generated pages of incompressible images added to it, to reach a size
 * @param imageSize     the bytes of each such page's image
 * @param pagesPerPart  pages in each part, as {@code qpdf --split-pages=N}
 * @param heap          the sandbox process's heap cap
 * @param rounds        qpdf and docpipe each split the document this many times, alternating
 * @param verifyPages   pages rendered from the source and from their part and compared, pixel by pixel
 * @param work          where the document and the parts are written
 */
record SplitOptions(Path source, Path corpus, int copies, int imagePages, DataSize imageSize, int pagesPerPart, DataSize heap,
        int rounds, int verifyPages, Path work) {

    static final String USAGE = """
            usage: SplitBenchmark [--source FILE | --corpus DIR --copies N --image-pages N --image-size 200KB]
                                  [--pages-per-part 10] [--heap 512MB] [--rounds 1] [--verify 20] [--work DIR]
              generates the document unless --source is given: the corpus (default ../shared/corpus,
              relative to the working directory) concatenated --copies times (default 3), plus
              --image-pages pages (default 0) of one incompressible image of --image-size each""";

    static SplitOptions parse(String... args) {
        Path source = null;
        Path corpus = Path.of("../shared/corpus");
        int copies = 3;
        int imagePages = 0;
        DataSize imageSize = DataSize.ofKilobytes(200);
        int pagesPerPart = 10;
        DataSize heap = DataSize.ofMegabytes(512);
        int rounds = 1;
        int verify = 20;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "docpipe-split-benchmark");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--source" -> source = Path.of(value).toAbsolutePath();
                case "--corpus" -> corpus = Path.of(value);
                case "--copies" -> copies = Integer.parseInt(value);
                case "--image-pages" -> imagePages = Integer.parseInt(value);
                case "--image-size" -> imageSize = DataSize.parse(value);
                case "--pages-per-part" -> pagesPerPart = Integer.parseInt(value);
                case "--heap" -> heap = DataSize.parse(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--verify" -> verify = Integer.parseInt(value);
                case "--work" -> work = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (copies < 0 || imagePages < 0 || pagesPerPart < 1 || rounds < 1 || verify < 0) {
            throw new IllegalArgumentException("pages per part and rounds must be positive; copies, image pages and verify not negative");
        }
        return new SplitOptions(source, corpus.toAbsolutePath().normalize(), copies, imagePages, imageSize, pagesPerPart, heap, rounds,
                verify, work.toAbsolutePath().normalize());
    }
}
