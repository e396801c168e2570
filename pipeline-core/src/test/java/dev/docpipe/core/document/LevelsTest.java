package dev.docpipe.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sampling and reducing a page in one pass gives exactly what separate passes give: the same
 * pixels, and the same sample for the quality gate.
 */
class LevelsTest {

    /** Wider than the gate's sample, so boxes are 3 px, with a remainder of columns and rows past the last box. */
    private static final int WIDTH = 2_402;
    private static final int HEIGHT = 1_201;

    @Test
    void colourInOnePassEqualsSampleThenReduce() {
        BufferedImage separate = page();
        QualityGate.Sample expectedSample = QualityGate.Sample.of(separate);
        Levels.reduce(separate, 32);

        BufferedImage fused = page();
        QualityGate.Sampler sampler = QualityGate.Sampler.fitting(WIDTH, HEIGHT);
        Levels.reduce(fused, 32, sampler);

        assertThat(ints(fused)).isEqualTo(ints(separate));
        assertThat(sampler.sample().grey()).isEqualTo(expectedSample.grey());
    }

    @Test
    void aGreyPageReducedInOnePassEqualsSampleThenReduce() {
        BufferedImage separate = Levels.grey(page());
        QualityGate.Sample expectedSample = QualityGate.Sample.of(separate);
        Levels.reduce(separate, 32);

        BufferedImage fused = Levels.grey(page());
        QualityGate.Sampler sampler = QualityGate.Sampler.fitting(WIDTH, HEIGHT);
        Levels.reduce(fused, 32, sampler);

        assertThat(bytes(fused)).isEqualTo(bytes(separate));
        assertThat(sampler.sample().grey()).isEqualTo(expectedSample.grey());
    }

    @Test
    void aPageThinnerThanASampleBoxIsLeftToTheSeparatePasses() {
        assertThat(QualityGate.Sampler.fitting(2, 4_000)).isNull();
        assertThat(QualityGate.Sampler.fitting(800, 800)).isNotNull();
    }

    /**
     * Paper with runs of ink and colour, and noise: runs and changes at every position; rows that
     * are white throughout, and rows that start white for a stretch ending anywhere in a sample box
     * (the grey pass skips both).
     */
    private static BufferedImage page() {
        BufferedImage page = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ints(page);
        Random random = new Random(7);
        int colour = 0xffffff;
        for (int i = 0; i < pixels.length; i++) {
            if (random.nextInt(12) == 0) {
                colour = random.nextInt(4) == 0 ? 0xffffff : random.nextInt(0x1000000);
            }
            pixels[i] = colour;
        }
        for (int y = 0; y < HEIGHT; y++) {
            int whiteUpTo = switch (y % 4) {
                case 0 -> WIDTH;
                case 1 -> random.nextInt(WIDTH);
                default -> 0;
            };
            Arrays.fill(pixels, y * WIDTH, y * WIDTH + whiteUpTo, 0xffffff);
        }
        return page;
    }

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    private static int[] ints(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }
}
